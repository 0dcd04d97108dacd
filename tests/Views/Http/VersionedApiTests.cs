using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kappa.Contracts;
using Kappa.Contracts.Lifecycle;
using Kappa.Contracts.Queries;
using Kappa.Contracts.Views;
using Kappa.Processor.Lifecycle;
using Kappa.Views.Store;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kappa.Views.Tests.Http;

/// <summary>Queries against several versions of a view: choosing one, keeping it across a swap, and losing it to a drop.</summary>
public sealed class VersionedApiTests : IAsyncLifetime
{
    private const string View = "events_per_key_hourly";
    private ApiFixture _api = null!;

    public async Task InitializeAsync()
    {
        _api = await ApiFixture.StartAsync();
        Seed(1, factor: 1);
        // Version 2 runs the definition version 1 runs (a C# view's is its code), as a replay would create it.
        var definition = _api.App.Services.GetRequiredService<ViewLifecycle>().Current.Find(View, 1)!.Definition;
        await AppendAsync(new ControlEvent(ControlEvent.Created, View, 2, DateTimeOffset.UnixEpoch, RequestId: "test", Definition: definition));
        await AppendAsync(new ControlEvent(ControlEvent.Readied, View, 2, DateTimeOffset.UnixEpoch, Gates: new GateReport(true, 1, [])));
        Seed(2, factor: 10);
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_query_reads_the_version_it_names_and_says_so_in_body_and_header()
    {
        var active = await _api.Client.GetAsync($"/views/{View}/keys/user-1");
        var named = await _api.Client.GetAsync($"/views/{View}/keys/user-1?version=2");

        Assert.Equal("1", Assert.Single(active.Headers.GetValues("Kappa-View-Version")));
        Assert.Equal("2", Assert.Single(named.Headers.GetValues("Kappa-View-Version")));
        var one = (await active.Content.ReadFromJsonAsync<KeyQueryResponse>(KappaJson.Options))!;
        var two = (await named.Content.ReadFromJsonAsync<KeyQueryResponse>(KappaJson.Options))!;
        Assert.Equal((1, 2), (one.Version, two.Version));
        Assert.Equal(one.Rows.Select(r => r.Values["count"].GetInt64() * 10), two.Rows.Select(r => r.Values["count"].GetInt64()));

        foreach (var missing in new[] { 0, 3, -1 })
        {
            var response = await _api.Client.GetAsync($"/views/{View}/keys/user-1?version={missing}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains($"no readable version {missing}", (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_paged_scan_keeps_the_version_it_began_on_across_a_swap()
    {
        var first = await PageAsync($"/views/{View}/rows?limit=7");
        await AppendAsync(new ControlEvent(ControlEvent.Activated, View, 2, DateTimeOffset.UnixEpoch));

        var rows = new List<ViewRow>(first.Rows);
        var cursor = first.NextCursor;
        while (cursor is not null)
        {
            var page = await PageAsync($"/views/{View}/rows?limit=7&cursor={cursor}");
            Assert.Equal(1, page.Version);
            rows.AddRange(page.Rows);
            cursor = page.NextCursor;
        }

        Assert.Equal(30, rows.Count);
        Assert.Equal(Enumerable.Range(0, 30).Sum(), rows.Sum(r => r.Values["count"].GetInt64()));
        Assert.Equal(2, (await PageAsync($"/views/{View}/rows?limit=7")).Version);
    }

    [Fact]
    public async Task A_scan_whose_version_was_dropped_is_told_to_restart_with_409()
    {
        var first = await PageAsync($"/views/{View}/rows?limit=5");
        await AppendAsync(new ControlEvent(ControlEvent.Activated, View, 2, DateTimeOffset.UnixEpoch));
        await AppendAsync(new ControlEvent(ControlEvent.Dropped, View, 1, DateTimeOffset.UnixEpoch));

        var next = await _api.Client.GetAsync($"/views/{View}/rows?limit=5&cursor={first.NextCursor}");

        Assert.Equal(HttpStatusCode.Conflict, next.StatusCode);
        var problem = (await next.Content.ReadFromJsonAsync<ProblemDetails>())!;
        Assert.Contains("began on version 1", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("start again without a cursor", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retired_version_keeps_its_rows_until_it_is_dropped()
    {
        await AppendAsync(new ControlEvent(ControlEvent.Activated, View, 2, DateTimeOffset.UnixEpoch));
        await WaitUntilAsync(() => _api.App.Services.GetRequiredService<ViewLifecycle>().Current.Find(View, 1)!.State == VersionState.Retired);
        Assert.Equal(30, _api.Store.CountRows(View, 1));

        // Dropped after it was retired (and so cleaned up once already), its rows go.
        await AppendAsync(new ControlEvent(ControlEvent.Dropped, View, 1, DateTimeOffset.UnixEpoch));
        await WaitUntilAsync(() => !_api.Store.HasVersion(View, 1));
        Assert.Equal(30, _api.Store.CountRows(View, 2));
    }

    [Fact]
    public async Task A_cursor_cannot_be_used_with_another_version()
    {
        var first = await PageAsync($"/views/{View}/rows?limit=5");

        var response = await _api.Client.GetAsync($"/views/{View}/rows?limit=5&version=2&cursor={first.NextCursor}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Keys_and_rows_keep_only_windows_overlapping_the_time_range()
    {
        // Rows of user-0 start at hours 0, 3, 6, ..., 27.
        var from = Hour(5);
        var to = Hour(12);

        var key = (await _api.Client.GetFromJsonAsync<KeyQueryResponse>($"/views/{View}/keys/user-0?from={from}&to={to}", KappaJson.Options))!;
        var rows = await PageAsync($"/views/{View}/rows?from={from}&to={to}&limit=2");

        Assert.Equal([6L, 9], key.Rows.Select(r => r.WindowStart.ToUnixTimeMilliseconds() / 3_600_000));
        Assert.Equal(2, rows.Rows.Count);
        Assert.All(rows.Rows, r => Assert.InRange(r.WindowStart.ToUnixTimeMilliseconds() / 3_600_000, 5, 11));

        var backwards = await _api.Client.GetAsync($"/views/{View}/keys/user-0?from={to}&to={from}");
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        var empty = await _api.Client.GetAsync($"/views/{View}/keys/user-0?from={from}&to={Hour(6)}");
        Assert.Equal(HttpStatusCode.NotFound, empty.StatusCode);
    }

    private static string Hour(int hour) => Uri.EscapeDataString(DateTimeOffset.FromUnixTimeMilliseconds(hour * 3_600_000L).ToString("O"));

    private async Task<RowsPage> PageAsync(string path)
    {
        var response = await _api.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = (await response.Content.ReadFromJsonAsync<RowsPage>(KappaJson.Options))!;
        Assert.Equal(page.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(response.Headers.GetValues("Kappa-View-Version")));
        return page;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition never held");
            await Task.Delay(20);
        }
    }

    private Task<LifecycleState> AppendAsync(ControlEvent e) => _api.App.Services.GetRequiredService<ControlWriter>().AppendAsync(e, CancellationToken.None);

    private void Seed(int version, int factor)
    {
        var rows = Enumerable.Range(0, 30).Select(i =>
        {
            var key = $"user-{i % 3}";
            var start = DateTimeOffset.FromUnixTimeMilliseconds(i * 3_600_000L);
            var row = new ViewRow(key, start, start.AddHours(1), new Dictionary<string, JsonElement> { ["count"] = JsonSerializer.SerializeToElement(i * factor) });
            return new RowUpsert(RowKey.Encode(Encoding.UTF8.GetBytes(key), start.ToUnixTimeMilliseconds()), JsonSerializer.SerializeToUtf8Bytes(row, KappaJson.Options));
        }).ToList();
        _api.Store.Apply(View, version, rows, new Dictionary<int, long>());
    }
}
