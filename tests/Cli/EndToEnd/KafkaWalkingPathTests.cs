using System.Diagnostics;
using System.Text.Json;
using Kappa.Contracts;
using Kappa.Contracts.Queries;
using Kappa.TestKit;
using Kappa.TestKit.Kafka;
using Xunit;

namespace Kappa.Cli.Tests.EndToEnd;

/// <summary>
/// The walking path over Kafka: <c>kappa run --kafka</c> against librdkafka's mock cluster in its own process. Events
/// come from <c>kappa produce</c> and from <c>kcat</c>, a producer outside the project; the view must equal the
/// hourly counts computed from the input, and <c>kcat</c> must see the view's upserts in its changelog topic.
/// </summary>
[Trait("Category", "Integration")]
public sealed class KafkaWalkingPathTests : IDisposable
{
    private const string View = "hourly";
    private const string Changelog = "_kappa.view.hourly.v1";
    private readonly TempDirectory _dir = new("kafka-walking-path");

    [KafkaFact]
    public async Task Events_from_kappa_and_kcat_become_hourly_counts_and_kcat_reads_the_changelog()
    {
        await using var kafka = await KafkaBrokers.StartAsync();
        await kafka.CreateKappaTopicsAsync();

        // The mock cluster has no CreateTopics: the topics Kappa would create are made beforehand, on either cluster.
        foreach (var topic in new[] { "events", Changelog, "events.dlq", "events.late" })
        {
            await kafka.CreateTopicAsync(topic, 4, compacted: topic.StartsWith("_kappa.view.", StringComparison.Ordinal));
        }

        var views = _dir.Combine("hourly.yaml");
        await File.WriteAllTextAsync(views, """
            view: hourly
            source: events
            time: { field: ts, max-disorder: 1h, grace: 7d }
            window: { tumbling: 1h }
            aggregates: { count: count() }
            """);
        var environment = new Dictionary<string, string>(kafka.ClientSettings)
        {
            ["Kafka__RequestTimeout"] = "00:00:10",
            ["Kafka__client_id"] = "kappa-e2e",
        };
        await using var server = await KappaServerProcess.StartAsync(_dir.Combine("data"), environment, "--kafka", kafka.BootstrapServers, "--views", views);

        var produce = await KappaCli.RunAsync(
            ["produce", "events", "--key", "user", "--time", "ts", "--url", server.Url.ToString()],
            stdin: string.Join('\n',
                """{"user":"alice","ts":"2026-11-22T10:05:00Z"}""",
                """{"user":"alice","ts":"2026-11-22T10:59:59.999Z"}""",
                """{"user":"bob","ts":"2026-11-22T10:00:00Z"}""",
                """{"user":"alice","ts":"2026-11-22T11:00:00Z"}""") + "\n");
        Assert.True(produce.ExitCode == 0, produce.Stderr + server.Output);

        // kcat writes keyed JSON of its own; the view reads the time from the event, not from the record.
        var kcat = await RunKcatAsync(
            ["-P", "-b", kafka.BootstrapServers, "-t", "events", "-K", "|"],
            "bob|{\"ts\":\"2026-11-22T10:30:00Z\"}\nbob|{\"ts\":\"2026-11-22T12:00:00Z\"}\ncarol|{\"ts\":\"2026-11-22T10:10:00Z\"}\n");
        Assert.True(kcat.ExitCode == 0, kcat.Stderr);

        Assert.Equal([("10", 2L), ("11", 1L)], await HoursUntilAsync(server, "alice", 3));
        Assert.Equal([("10", 2L), ("12", 1L)], await HoursUntilAsync(server, "bob", 3));
        Assert.Equal([("10", 1L)], await HoursUntilAsync(server, "carol", 1));

        // Every changelog record is an upsert of a partial row: its latest value for alice's 10:00 row says 2.
        var changelog = await RunKcatAsync(["-C", "-b", kafka.BootstrapServers, "-t", Changelog, "-e", "-q", "-f", "%s\n"], null);
        Assert.True(changelog.ExitCode == 0, changelog.Stderr);
        var upserts = changelog.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.NotEmpty(upserts);
        Assert.Contains(upserts, row => row.ToString().Contains("alice", StringComparison.Ordinal) && row.ToString().Contains("\"count\":2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreachable_kafka_stops_kappa_run_with_one_clear_line()
    {
        var run = await KappaCli.RunAsync(
            ["run", "--kafka", $"127.0.0.1:{FreePort.Next()}", "--data-dir", _dir.Combine("data"), "--http", $"http://127.0.0.1:{FreePort.Next()}"],
            timeout: TimeSpan.FromSeconds(60),
            environment: new Dictionary<string, string> { ["Kafka__RequestTimeout"] = "00:00:02" });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("cannot reach Kafka at 127.0.0.1:", run.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private static async Task<List<(string Hour, long Count)>> HoursUntilAsync(KappaServerProcess server, string key, long total)
    {
        KeyQueryResponse? last = null;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var query = await KappaCli.RunAsync(["query", View, "--key", key, "--json", "--url", server.Url.ToString()]);
            if (query.ExitCode == 0)
            {
                last = JsonSerializer.Deserialize<KeyQueryResponse>(query.Stdout, KappaJson.Options)!;
                if (last.Rows.Sum(r => r.Values["count"].GetInt64()) == total)
                {
                    return [.. last.Rows.Select(r => (r.WindowStart.UtcDateTime.Hour.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), r.Values["count"].GetInt64()))];
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the view never counted {total} events for '{key}'; last: {JsonSerializer.Serialize(last, KappaJson.Options)}\n{server.Output}");
    }

    private static async Task<CliResult> RunKcatAsync(IEnumerable<string> args, string? stdin)
    {
        var info = new ProcessStartInfo("kcat")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start kcat (scripts/bootstrap.sh installs it)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
