using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Kappa.Contracts;
using Kappa.Contracts.Lifecycle;
using Kappa.Contracts.Queries;
using Kappa.Contracts.Topics;
using Kappa.Log.Lag;

namespace Kappa.Cli.Client;

/// <summary>
/// The HTTP client of a running Kappa server. Error answers (ProblemDetails) become a
/// <see cref="CliException"/> carrying the server's reason, so the user reads one clear line.
/// </summary>
internal sealed class KappaClient : IDisposable
{
    private readonly HttpClient _http;

    public KappaClient(Uri baseAddress, string? adminToken = null)
    {
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        if (adminToken is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        }
    }

    public async Task<ProduceResponse> ProduceAsync(string topic, ProduceRequest request, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync($"topics/{Uri.EscapeDataString(topic)}/records", request, KappaJson.Options, cancellationToken);
        return await ReadAsync<ProduceResponse>(response, cancellationToken);
    }

    public async Task<KeyQueryResponse> GetKeyAsync(string view, string key, int? version, CancellationToken cancellationToken)
    {
        var query = $"views/{Uri.EscapeDataString(view)}/keys/{Uri.EscapeDataString(key)}";
        if (version is { } v)
        {
            query += FormattableString.Invariant($"?version={v}");
        }

        using var response = await _http.GetAsync(query, cancellationToken);
        return await ReadAsync<KeyQueryResponse>(response, cancellationToken);
    }

    public async Task<ViewsResponse> ListViewsAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("views", cancellationToken);
        return await ReadAsync<ViewsResponse>(response, cancellationToken);
    }

    public async Task<VersionDetail> ReplayAsync(string view, ReplayRequest request, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync($"views/{Uri.EscapeDataString(view)}/versions", request, KappaJson.Options, cancellationToken);
        return await ReadAsync<VersionDetail>(response, cancellationToken);
    }

    public async Task<VersionDetail> GetVersionAsync(string view, int version, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(FormattableString.Invariant($"views/{Uri.EscapeDataString(view)}/versions/{version}"), cancellationToken);
        return await ReadAsync<VersionDetail>(response, cancellationToken);
    }

    public async Task<VersionDetail> ActivateAsync(string view, int version, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(FormattableString.Invariant($"views/{Uri.EscapeDataString(view)}/versions/{version}/activate"), null, cancellationToken);
        return await ReadAsync<VersionDetail>(response, cancellationToken);
    }

    public async Task<VersionDetail> RollbackAsync(string view, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync($"views/{Uri.EscapeDataString(view)}/rollback", null, cancellationToken);
        return await ReadAsync<VersionDetail>(response, cancellationToken);
    }

    public async Task<VersionDetail> DropAsync(string view, int version, CancellationToken cancellationToken)
    {
        using var response = await _http.DeleteAsync(FormattableString.Invariant($"views/{Uri.EscapeDataString(view)}/versions/{version}"), cancellationToken);
        return await ReadAsync<VersionDetail>(response, cancellationToken);
    }

    public async Task<ViewDiff> DiffAsync(string view, int a, int b, int limit, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(FormattableString.Invariant($"views/{Uri.EscapeDataString(view)}/diff?a={a}&b={b}&limit={limit}"), cancellationToken);
        return await ReadAsync<ViewDiff>(response, cancellationToken);
    }

    public async Task<RowsPage> GetRowsAsync(string view, string? prefix, int limit, string? cursor, int? version, CancellationToken cancellationToken)
    {
        var query = $"views/{Uri.EscapeDataString(view)}/rows?limit={limit}";
        if (version is { } v)
        {
            query += FormattableString.Invariant($"&version={v}");
        }

        if (prefix is not null)
        {
            query += $"&prefix={Uri.EscapeDataString(prefix)}";
        }

        if (cursor is not null)
        {
            query += $"&cursor={Uri.EscapeDataString(cursor)}";
        }

        using var response = await _http.GetAsync(query, cancellationToken);
        return await ReadAsync<RowsPage>(response, cancellationToken);
    }

    public async Task<IReadOnlyList<TopicInfo>> ListTopicsAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("topics", cancellationToken);
        return await ReadAsync<List<TopicInfo>>(response, cancellationToken);
    }

    public async Task<TopicInfo> CreateTopicAsync(CreateTopicRequest request, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync("topics", request, KappaJson.Options, cancellationToken);
        return await ReadAsync<TopicInfo>(response, cancellationToken);
    }

    public async Task<LagReport> GetLagAsync(string? group, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(group is null ? "lag" : $"lag?group={Uri.EscapeDataString(group)}", cancellationToken);
        return await ReadAsync<LagReport>(response, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new CliException(await DescribeFailureAsync(response, cancellationToken));
        }

        return await response.Content.ReadFromJsonAsync<T>(KappaJson.Options, cancellationToken)
            ?? throw new CliException($"the server answered {(int)response.StatusCode} with an empty body");
    }

    private static async Task<string> DescribeFailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        string? detail = null;
        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.ValueKind == JsonValueKind.Object)
            {
                detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString()
                    : problem.RootElement.TryGetProperty("title", out var t) ? t.GetString() : null;
            }
        }
        catch (JsonException)
        {
            // Not a ProblemDetails body: fall back to the status line.
        }

        var status = response.StatusCode == HttpStatusCode.NotFound && detail is null ? "not found" : $"{(int)response.StatusCode} {response.ReasonPhrase}";
        return detail ?? status;
    }
}
