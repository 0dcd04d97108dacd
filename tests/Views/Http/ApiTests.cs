using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kappa.Contracts;
using Kappa.Contracts.Lifecycle;
using Kappa.Contracts.Queries;
using Kappa.Contracts.Topics;
using Kappa.Contracts.Views;
using Kappa.Views.Store;
using Microsoft.AspNetCore.TestHost;
using Xunit;

namespace Kappa.Views.Tests.Http;

/// <summary>
/// The HTTP contract: every view answer names its version; bad requests are 400 with a reason, unknown
/// views and keys 404, admin operations 401 without the token; never a 500.
/// </summary>
public sealed class ApiTests : IAsyncLifetime
{
    private const string View = "events_per_key_hourly";
    private ApiFixture _api = null!;

    public async Task InitializeAsync()
    {
        _api = await ApiFixture.StartAsync();
        var rows = Enumerable.Range(0, 30).Select(i =>
        {
            var key = $"user-{i % 3}";
            var start = DateTimeOffset.FromUnixTimeMilliseconds(i * 3_600_000L);
            var row = new ViewRow(key, start, start.AddHours(1), new Dictionary<string, JsonElement> { ["count"] = JsonSerializer.SerializeToElement(i) });
            return new RowUpsert(RowKey.Encode(Encoding.UTF8.GetBytes(key), start.ToUnixTimeMilliseconds()), JsonSerializer.SerializeToUtf8Bytes(row, KappaJson.Options));
        }).ToList();
        _api.Store.Apply(View, 1, rows, new Dictionary<int, long> { [0] = rows.Count });
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Views_lists_versions_and_row_counts()
    {
        var views = await _api.Client.GetFromJsonAsync<ViewsResponse>("/views", KappaJson.Options);

        var view = Assert.Single(views!.Views);
        Assert.Equal(View, view.Name);
        Assert.Equal(1, view.ActiveVersion);
        Assert.Equal(new ViewVersionSummary(1, VersionState.Active, 30), Assert.Single(view.Versions));
    }

    [Fact]
    public async Task A_key_answer_carries_its_version_in_body_and_header()
    {
        using var response = await _api.Client.GetAsync($"/views/{View}/keys/user-1");
        var body = await response.Content.ReadFromJsonAsync<KeyQueryResponse>(KappaJson.Options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1", Assert.Single(response.Headers.GetValues("Kappa-View-Version")));
        Assert.Equal(1, body!.Version);
        Assert.Equal(10, body.Rows.Count);
        Assert.All(body.Rows, r => Assert.Equal("user-1", r.Key));
        Assert.Equal(body.Rows.OrderBy(r => r.WindowStart), body.Rows);
    }

    [Fact]
    public async Task A_key_answer_is_the_bytes_the_serializer_writes_for_it_even_for_a_key_that_needs_escaping()
    {
        const string key = "tab\t é+<&>\"q\"";
        var start = DateTimeOffset.FromUnixTimeMilliseconds(7_200_000);
        var row = new ViewRow(key, start, start.AddHours(1), new Dictionary<string, JsonElement> { ["count"] = JsonSerializer.SerializeToElement(12.50m) });
        _api.Store.Apply(View, 1, [new RowUpsert(RowKey.Encode(Encoding.UTF8.GetBytes(key), start.ToUnixTimeMilliseconds()), JsonSerializer.SerializeToUtf8Bytes(row, KappaJson.Options))], new Dictionary<int, long>());

        using var response = await _api.Client.GetAsync($"/views/{View}/keys/{Uri.EscapeDataString(key)}");
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var parsed = JsonSerializer.Deserialize<KeyQueryResponse>(body, KappaJson.Options)!;
        Assert.Equal(key, Assert.Single(parsed.Rows).Key);
        Assert.Equal(Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(parsed, KappaJson.Options)), Encoding.UTF8.GetString(body));
    }

    [Fact]
    public async Task A_key_answer_states_its_length_and_a_large_one_does_not_leave_its_bytes_in_the_next()
    {
        // 2,000 hourly rows of one key: an answer of about 250 KB, more than a thread keeps its render buffer for.
        const string key = "many";
        var rows = Enumerable.Range(0, 2_000).Select(i =>
        {
            var start = DateTimeOffset.FromUnixTimeMilliseconds(i * 3_600_000L);
            var row = new ViewRow(key, start, start.AddHours(1), new Dictionary<string, JsonElement> { ["count"] = JsonSerializer.SerializeToElement(i) });
            return new RowUpsert(RowKey.Encode(Encoding.UTF8.GetBytes(key), start.ToUnixTimeMilliseconds()), JsonSerializer.SerializeToUtf8Bytes(row, KappaJson.Options));
        }).ToList();
        _api.Store.Apply(View, 1, rows, new Dictionary<int, long>());

        foreach (var (path, expected) in new[] { ($"/views/{View}/keys/{key}", 2_000), ($"/views/{View}/keys/user-2", 10), ($"/views/{View}/keys/{key}", 2_000) })
        {
            using var response = await _api.Client.GetAsync(path);

            // As sent, not as HttpClient computes it once the body is buffered.
            Assert.True(response.Content.Headers.NonValidated.TryGetValues("Content-Length", out var declared));
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(body.Length.ToString(CultureInfo.InvariantCulture), declared.ToString());
            var parsed = JsonSerializer.Deserialize<KeyQueryResponse>(body, KappaJson.Options)!;
            Assert.Equal(expected, parsed.Rows.Count);
            Assert.Equal(Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(parsed, KappaJson.Options)), Encoding.UTF8.GetString(body));
        }
    }

    [Theory]
    [InlineData("/views/nope/keys/a", HttpStatusCode.NotFound, "view 'nope' does not exist")]
    [InlineData("/views/events_per_key_hourly/keys/nobody", HttpStatusCode.NotFound, "no rows for key 'nobody'")]
    [InlineData("/views/events_per_key_hourly/rows?limit=0", HttpStatusCode.BadRequest, "limit must be between 1 and 1000")]
    [InlineData("/views/events_per_key_hourly/rows?limit=1001", HttpStatusCode.BadRequest, "limit must be between 1 and 1000")]
    [InlineData("/views/events_per_key_hourly/rows?limit=ten", HttpStatusCode.BadRequest, "limit")]
    [InlineData("/views/events_per_key_hourly/rows?cursor=%25%25", HttpStatusCode.BadRequest, "cursor is not one this API returned")]
    [InlineData("/views/nope/rows", HttpStatusCode.NotFound, "view 'nope' does not exist")]
    public async Task Bad_queries_get_a_clear_4xx(string path, HttpStatusCode status, string? detail)
    {
        using var response = await _api.Client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (detail is not null)
        {
            Assert.Contains(detail, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Rows_page_with_a_stable_cursor_through_every_row_once()
    {
        var keys = new List<(string, DateTimeOffset)>();
        string? cursor = null;
        do
        {
            var page = await _api.Client.GetFromJsonAsync<RowsPage>(
                $"/views/{View}/rows?limit=7" + (cursor is null ? string.Empty : $"&cursor={cursor}"), KappaJson.Options);
            keys.AddRange(page!.Rows.Select(r => (r.Key, r.WindowStart)));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(30, keys.Count);
        Assert.Equal(keys.Distinct().Count(), keys.Count);
        Assert.Equal(keys.OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2), keys);
    }

    [Fact]
    public async Task Rows_filter_by_key_prefix()
    {
        var page = await _api.Client.GetFromJsonAsync<RowsPage>($"/views/{View}/rows?prefix=user-2&limit=1000", KappaJson.Options);

        Assert.Equal(10, page!.Rows.Count);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Produce_answers_with_each_records_partition_and_offset()
    {
        var request = new ProduceRequest([.. Enumerable.Range(0, 5).Select(i => new ProduceRecord("k", JsonSerializer.SerializeToElement(new { i }), 1_000 + i))]);

        using var response = await _api.Client.PostAsJsonAsync("/topics/orders/records", request, KappaJson.Options);
        var body = await response.Content.ReadFromJsonAsync<ProduceResponse>(KappaJson.Options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([0L, 1, 2, 3, 4], body!.Offsets.Select(o => o.Offset));
        Assert.Single(body.Offsets.Select(o => o.Partition).Distinct());
    }

    [Theory]
    [InlineData("orders", """{"records":[]}""", "the request has no records")]
    [InlineData("orders", """{"records":[{"key":"k"}]}""", "record 0 has no value")]
    [InlineData("bad$topic", """{"records":[{"key":"k","value":1}]}""", "invalid topic name")]
    [InlineData("orders", """{"records":[{"key":"k","value":""", "request body as JSON")]
    [InlineData("orders", """[1,2]""", "request body as JSON")]
    public async Task Bad_produce_requests_get_400_and_append_nothing(string topic, string json, string? detail)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _api.Client.PostAsync($"/topics/{Uri.EscapeDataString(topic)}/records", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        if (detail is not null)
        {
            Assert.Contains(detail, await response.Content.ReadAsStringAsync());
        }

        var topics = await _api.Client.GetFromJsonAsync<List<TopicInfo>>("/topics", KappaJson.Options);
        Assert.Equal(0, topics!.Where(t => t.Name == topic).Sum(t => t.Records));
    }

    [Fact]
    public async Task Internal_topics_cannot_be_written_or_created_from_outside()
    {
        var request = new ProduceRequest([new ProduceRecord("hello world", JsonSerializer.SerializeToElement(new { oops = 1 }))]);

        using var produce = await _api.Client.PostAsJsonAsync("/topics/_kappa.view.events_per_key_hourly.v1/records", request, KappaJson.Options);
        using var create = await SendAsAdminAsync(new CreateTopicRequest("_kappa.view.other.v1", 1), ApiFixture.AdminToken);

        Assert.Equal(HttpStatusCode.Forbidden, produce.StatusCode);
        Assert.Contains("internal to Kappa", await produce.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);

        using var schemas = await _api.Client.PostAsJsonAsync("/topics/_schemas/records", request, KappaJson.Options);
        Assert.Equal(HttpStatusCode.Forbidden, schemas.StatusCode);
    }

    [Fact]
    public async Task Without_the_token_an_admin_request_gets_401_before_its_body_is_read()
    {
        using var malformed = new StringContent("{ not json", Encoding.UTF8, "application/json");
        using var anonymous = await _api.Client.PostAsync("/topics", malformed);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("admin token", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", HttpStatusCode.Created)]
    [InlineData("::1", HttpStatusCode.Created)]
    [InlineData("10.1.2.3", HttpStatusCode.Unauthorized)]
    public async Task Without_a_configured_token_admin_operations_are_accepted_from_this_machine_only(string peer, HttpStatusCode expected)
    {
        await using var open = await ApiFixture.StartAsync(adminToken: null);
        using var client = new HttpClient(open.App.GetTestServer().CreateHandler(c => c.Connection.RemoteIpAddress = IPAddress.Parse(peer)))
        {
            BaseAddress = open.Client.BaseAddress,
        };

        using var response = await client.PostAsJsonAsync("/topics", new CreateTopicRequest("payments", 2), KappaJson.Options);

        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, answer);
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Contains("only for callers on its own machine", answer, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_empty_admin_token_is_no_token_and_does_not_match_a_request_without_one()
    {
        await using var open = await ApiFixture.StartAsync(adminToken: "");
        using var client = new HttpClient(open.App.GetTestServer().CreateHandler(c => c.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3")))
        {
            BaseAddress = open.Client.BaseAddress,
        };

        using var response = await client.PostAsJsonAsync("/topics", new CreateTopicRequest("payments", 2), KappaJson.Options);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Creating_a_topic_needs_the_admin_token()
    {
        var request = new CreateTopicRequest("payments", 8);

        using var anonymous = await _api.Client.PostAsJsonAsync("/topics", request, KappaJson.Options);
        using var wrong = await SendAsAdminAsync(request, "guess");
        using var admin = await SendAsAdminAsync(request, ApiFixture.AdminToken);
        using var again = await SendAsAdminAsync(request, ApiFixture.AdminToken);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Created, admin.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var topics = await _api.Client.GetFromJsonAsync<List<TopicInfo>>("/topics", KappaJson.Options);
        Assert.Equal(8, topics!.Single(t => t.Name == "payments").Partitions.Count);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_query_api()
    {
        var document = await _api.Client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/views/{view}/keys/{key}", document);
        Assert.Contains("/views/{view}/rows", document);
        Assert.Contains("/topics/{topic}/records", document);
        using var parsed = JsonDocument.Parse(document);
        var keyAnswer = parsed.RootElement.GetProperty("paths").GetProperty("/views/{view}/keys/{key}").GetProperty("get")
            .GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.EndsWith("/KeyQueryResponse", keyAnswer.GetProperty("$ref").GetString());
    }

    private Task<HttpResponseMessage> SendAsAdminAsync(CreateTopicRequest request, string token)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/topics") { Content = JsonContent.Create(request, options: KappaJson.Options) };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return _api.Client.SendAsync(message);
    }
}
