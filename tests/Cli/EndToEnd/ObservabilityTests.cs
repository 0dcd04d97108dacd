using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kappa.Contracts;
using Kappa.Contracts.Queries;
using Kappa.Contracts.Topics;
using Kappa.Log.Abstractions;
using Kappa.Log.Embedded;
using Kappa.Log.Lag;
using Kappa.TestKit;
using Xunit;

namespace Kappa.Cli.Tests.EndToEnd;

/// <summary>
/// Lag, metrics and <c>kappa lag</c> against a real <c>kappa run</c>: the accounting counters of <c>/metrics</c> add
/// up and match <c>/views</c>; a stopped consumer group shows its full lag, becomes STOPPED and makes
/// <c>kappa lag</c> exit non-zero.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ObservabilityTests : IDisposable
{
    private const string View = "clicks_hourly";

    private const string Definition = """
        view: clicks_hourly
        source: clicks
        time: { field: ts, max-disorder: 1m, grace: 1m }
        filter: "amount >= 0"
        key: [user]
        window: { tumbling: 1h }
        aggregates: { clicks: count() }
        """;

    private readonly TempDirectory _dir = new("observability");

    [Fact]
    public async Task The_accounting_counters_in_metrics_add_up_and_match_views()
    {
        var views = _dir.Combine("views.yaml");
        await File.WriteAllTextAsync(views, Definition);
        await using var server = await KappaServerProcess.StartAsync(_dir.Combine("data"), "--views", views, "--partitions", "1");
        using var http = new HttpClient { BaseAddress = server.Url };

        // In partition order: 2 applied, 1 filtered, 1 dead-lettered (no usable time), 1 moving the watermark to
        // 12:00 (applied), then 1 late for the closed 10:00 window.
        object[] values =
        [
            new { user = "a", ts = "2026-11-22T10:00:00Z", amount = 1 },
            new { user = "b", ts = "2026-11-22T10:10:00Z", amount = 2 },
            new { user = "a", ts = "2026-11-22T10:20:00Z", amount = -1 },
            new { user = "a", ts = "not a time", amount = 1 },
            new { user = "c", ts = "2026-11-22T12:00:00Z", amount = 1 },
            new { user = "a", ts = "2026-11-22T10:30:00Z", amount = 1 },
        ];
        var request = new ProduceRequest([.. values.Select(v => new ProduceRecord(null, JsonSerializer.SerializeToElement(v), null, 0))]);
        using (var produced = await http.PostAsJsonAsync("topics/clicks/records", request, KappaJson.Options))
        {
            Assert.True(produced.IsSuccessStatusCode, await produced.Content.ReadAsStringAsync());
        }

        var counters = await WaitAsync(async () =>
            (await http.GetFromJsonAsync<ViewsResponse>("views", KappaJson.Options))!.Views.Single().Counters is { In: 6 } c ? c : null);
        var metrics = await http.GetStringAsync("metrics");

        var fromMetrics = new RecordCounters(
            Counter(metrics, "in"), Counter(metrics, "applied"), Counter(metrics, "filtered"), Counter(metrics, "dead_lettered"), Counter(metrics, "late"));
        Assert.Equal(counters, fromMetrics);
        Assert.Equal(fromMetrics.In, fromMetrics.Applied + fromMetrics.Filtered + fromMetrics.DeadLettered + fromMetrics.Late);
        Assert.Equal(new RecordCounters(6, 3, 1, 1, 1), fromMetrics);
        Assert.Matches(@"kappa_view_watermark_delay_seconds\{view=""clicks_hourly""\} \d", metrics);
        Assert.DoesNotContain("NaN", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stopped_group_shows_its_full_and_growing_lag_and_kappa_lag_exits_non_zero()
    {
        var dataDir = _dir.Combine("data");
        await AppendWithStoppedReaderAsync(Path.Combine(dataDir, "log"), records: 10_000);
        var environment = new Dictionary<string, string>
        {
            ["Lag__SampleInterval"] = "00:00:00.200",
            ["Lag__StallAfter"] = "00:00:01",
            ["Lag__StopAfter"] = "00:00:02",
        };
        await using var server = await KappaServerProcess.StartAsync(dataDir, environment);
        using var http = new HttpClient { BaseAddress = server.Url };

        var stopped = await WaitAsync(async () =>
            (await http.GetFromJsonAsync<LagReport>("lag", KappaJson.Options))!.Groups.SingleOrDefault(g => g.Group == "audit-reader" && g.Status == LagStatus.Stopped));
        Assert.Equal(10_000, stopped.LagRecords);
        var later = await WaitAsync(async () =>
            (await http.GetFromJsonAsync<LagReport>("lag", KappaJson.Options))!.Groups.Single(g => g.Group == "audit-reader") is var g && g.LagSeconds > stopped.LagSeconds ? g : null);
        Assert.Equal(10_000, later.LagRecords);

        var table = await KappaCli.RunAsync(["lag", "--url", server.Url.ToString()]);
        Assert.True(table.ExitCode == 3, table.Stdout + table.Stderr);
        Assert.Contains("audit-reader", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("10,000", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("STOPPED", table.Stdout, StringComparison.Ordinal);

        var json = await KappaCli.RunAsync(["lag", "--json", "--group", "audit-reader", "--url", server.Url.ToString()]);
        Assert.True(json.ExitCode == 3, json.Stderr);
        var report = JsonSerializer.Deserialize<LagReport>(json.Stdout, KappaJson.Options)!;
        Assert.Equal(["audit-reader"], report.Groups.Select(g => g.Group));
        Assert.Equal(LagStatus.Stopped, report.Status);
        Assert.True(report.LagSeconds > 0);

        using (var watch = KappaCli.Start(["lag", "--watch", "--json", "--interval", "00:00:00.2", "--url", server.Url.ToString()]))
        {
            var first = JsonSerializer.Deserialize<LagReport>((await watch.StandardOutput.ReadLineAsync())!, KappaJson.Options)!;
            var second = JsonSerializer.Deserialize<LagReport>((await watch.StandardOutput.ReadLineAsync())!, KappaJson.Options)!;
            watch.Kill(entireProcessTree: true);
            Assert.True(second.At > first.At, "--watch printed the same sample twice");
            Assert.Equal(10_000, second.Groups.Single(g => g.Group == "audit-reader").LagRecords);
        }

        var unknown = await KappaCli.RunAsync(["lag", "--group", "nobody", "--url", server.Url.ToString()]);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("consumer group 'nobody' has no committed offsets", unknown.Stderr, StringComparison.Ordinal);

        Assert.Contains(
            "kafka_consumer_group_lag{group=\"audit-reader\",partition=\"0\",topic=\"audit\"} 10000\n",
            await http.GetStringAsync("metrics"),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kappa_lag_exits_zero_when_every_group_is_ok()
    {
        await using var server = await KappaServerProcess.StartAsync(_dir.Combine("data"));
        var produce = await KappaCli.RunAsync(
            ["produce", "events", "--key", "user", "--time", "ts", "--url", server.Url.ToString()],
            stdin: """{"user":"carol","ts":"2026-01-01T00:10:00Z"}""" + "\n");
        Assert.True(produce.ExitCode == 0, produce.Stderr);
        using var http = new HttpClient { BaseAddress = server.Url };
        await WaitAsync(async () =>
            (await http.GetFromJsonAsync<LagReport>("lag", KappaJson.Options))!.Groups.Any(g => g.Group.StartsWith("_kappa.processor.", StringComparison.Ordinal) && g.LagRecords == 0) ? "done" : null);

        var result = await KappaCli.RunAsync(["lag", "--url", server.Url.ToString()]);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("_kappa.processor.events_per_key_hourly.v1", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("OK", result.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private static long Counter(string metrics, string outcome)
    {
        var match = Regex.Match(metrics, $"^kappa_view_records_{outcome}_total\\{{version=\"1\",view=\"{View}\"\\}} (\\d+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"no {outcome} counter in:\n{metrics}");
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>10,000 records in topic <c>audit</c>, stamped now, and a group that committed offset 0 and stopped.</summary>
    private static async Task AppendWithStoppedReaderAsync(string logDirectory, int records)
    {
        await using var log = EmbeddedLog.Open(new EmbeddedLogOptions { DataDirectory = logDirectory });
        await log.Admin.CreateTopicAsync(new TopicSpec("audit", 1));
        using var producer = log.CreateProducer();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await producer.AppendAsync("audit", Enumerable.Range(0, records).Select(i => new ProducerRecord(null, Encoding.UTF8.GetBytes("{}"), now, 0)).ToArray());
        using var reader = log.CreateConsumer("audit-reader");
        await reader.CommitAsync([new TopicPartitionOffset("audit", 0, 0)]);
    }

    private static async Task<T> WaitAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the server never reached the expected state");
    }
}
