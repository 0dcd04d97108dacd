using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Kappa.Contracts;
using Kappa.Contracts.Queries;
using Kappa.Log.Abstractions;
using Kappa.Log.Embedded;
using Kappa.TestKit;
using Xunit;
using Xunit.Abstractions;

namespace Kappa.Cli.Tests.EndToEnd;

/// <summary>
/// kill -9 of <c>kappa run</c> at random moments, twenty times, while it processes a million events. Each round
/// appends a fresh slice of the events while the server is down, so every kill interrupts real work: polling,
/// folding, committing or publishing. After the last restart the view equals a batch GROUP BY of the log, and
/// the counters prove every record landed in exactly one of applied, filtered, dead-lettered or late.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ProcessorCrashTests(ITestOutputHelper output) : IDisposable
{
    private const string Definition = """
        view: hourly_totals
        source: orders
        time: { field: ts, max-disorder: 2h, grace: 30d }
        filter: "amount >= 0"
        key: [customer]
        window: { tumbling: 1h }
        aggregates: { orders: count(), total: sum(amount) }
        """;

    private static readonly long Start = DateTimeOffset.Parse("2026-11-01T00:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
    private readonly TempDirectory _dir = new("processor-crash");

    [Fact]
    public async Task Twenty_kills_while_processing_a_million_events_leave_the_view_equal_to_the_oracle()
    {
        var events = Soak.Choose(normal: 1_000_000, soak: 3_000_000);
        var kills = Soak.Choose(normal: 20, soak: 60);
        var dataDir = _dir.Combine("data");
        var views = _dir.Combine("views.yaml");
        await File.WriteAllTextAsync(views, Definition);
        var generator = new EventGenerator();
        var random = new Random(1122);
        var started = DateTime.UtcNow;
        var interrupted = 0;
        for (var i = 0; i < kills; i++)
        {
            await generator.AppendAsync(Path.Combine(dataDir, "log"), events / kills);
            await using var server = KappaServerProcess.Launch(dataDir, "--views", views);

            // Start-up takes about a second and a slice a few hundred milliseconds more: the kill falls anywhere
            // from process start to the end of the work.
            await Task.Delay(random.Next(300, 1_800));
            await server.KillAsync();
            var committed = await CommittedAsync(dataDir);
            interrupted += committed < (i + 1L) * (events / kills) ? 1 : 0;
            output.WriteLine($"kill {i + 1} at {(DateTime.UtcNow - started).TotalSeconds:F1}s: {committed} records committed");
        }

        // Most kills must land mid-work, or the test would only prove that an idle server restarts.
        Assert.True(interrupted >= kills / 2, $"only {interrupted} of {kills} kills interrupted processing");

        var oracle = generator.Oracle();
        await using var final = await KappaServerProcess.StartAsync(dataDir, "--views", views);
        using var http = new HttpClient { BaseAddress = final.Url };
        var counters = await WaitForAllInputAsync(http, events);
        var view = await ReadViewAsync(http);
        output.WriteLine($"done after {(DateTime.UtcNow - started).TotalSeconds:F1}s: {counters}");

        Assert.Equal(oracle.Applied, counters.Applied);
        Assert.Equal(oracle.Filtered, counters.Filtered);
        Assert.Equal(oracle.DeadLettered, counters.DeadLettered);
        Assert.Equal(0, counters.Late);
        Assert.Equal(counters.In, counters.Applied + counters.Filtered + counters.DeadLettered + counters.Late);
        Assert.Equal(oracle.Rows.Count, view.Count);
        var freshness = (await http.GetFromJsonAsync<ViewsResponse>("views", KappaJson.Options))!.Views.Single().Freshness!;
        Assert.Equal(0, freshness.LagRecords);
        Assert.NotNull(freshness.Watermark);
        foreach (var (row, expected) in oracle.Rows)
        {
            Assert.True(view.TryGetValue(row, out var actual), $"row {row} is missing");
            Assert.Equal(expected, actual);
        }
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Makes the events, appends them straight into the log the server will open, and keeps the batch answer.</summary>
    private sealed class EventGenerator
    {
        private readonly Random _random = new(20261122);
        private readonly Dictionary<(string, long), (long Orders, decimal Total)> _rows = [];
        private long _count;
        private long _filtered;
        private long _dead;

        public async Task AppendAsync(string logDirectory, int count)
        {
            await using var log = EmbeddedLog.Open(new EmbeddedLogOptions { DataDirectory = logDirectory });
            await log.Admin.EnsureTopicAsync(new TopicSpec("orders", 4));
            using var producer = log.CreateProducer();
            var batch = new List<ProducerRecord>(10_000);
            for (var i = 0; i < count; i++)
            {
                batch.Add(Next());
                if (batch.Count == batch.Capacity)
                {
                    await producer.AppendAsync("orders", batch.ToArray());
                    batch.Clear();
                }
            }

            await producer.AppendAsync("orders", batch.ToArray());
        }

        public Oracle Oracle() => new(
            _rows.ToDictionary(r => r.Key, r => (r.Value.Orders, r.Value.Total / 1.0000000000000000000000000000m)),
            _count - _filtered - _dead,
            _filtered,
            _dead);

        private ProducerRecord Next()
        {
            _count++;
            var customer = $"c{_random.Next(1_000)}";
            var time = Start + _random.NextInt64(48 * 3_600_000L);
            var kind = _random.Next(100);
            string amount;
            if (kind == 0)
            {
                amount = "\"unknown\"";
                _dead++;
            }
            else if (kind == 1)
            {
                amount = "-1";
                _filtered++;
            }
            else
            {
                var value = _random.Next(1, 100_000) / 100m;
                amount = value.ToString(CultureInfo.InvariantCulture);
                var window = time - (time % 3_600_000);
                _rows.TryGetValue((customer, window), out var row);
                _rows[(customer, window)] = (row.Orders + 1, row.Total + value);
            }

            var json = $$"""{"customer":"{{customer}}","amount":{{amount}},"ts":{{time}}}""";
            return new ProducerRecord(null, Encoding.UTF8.GetBytes(json), time, _random.Next(4));
        }
    }

    private static async Task<long> CommittedAsync(string dataDir)
    {
        await using var log = EmbeddedLog.Open(new EmbeddedLogOptions { DataDirectory = Path.Combine(dataDir, "log") });
        using var consumer = log.CreateConsumer("_kappa.processor.hourly_totals.v1");
        long done = 0;
        for (var p = 0; p < 4; p++)
        {
            done += await consumer.CommittedAsync(new TopicPartition("orders", p)) ?? 0;
        }

        return done;
    }

    private static async Task<RecordCounters> WaitForAllInputAsync(HttpClient http, long events)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            var views = await http.GetFromJsonAsync<ViewsResponse>("views", KappaJson.Options);
            var summary = views!.Views.Single();
            if (summary.Counters is { } counters && counters.In == events && await MaterializedAsync(http, summary))
            {
                return counters;
            }

            Assert.True(DateTime.UtcNow < deadline, $"not caught up: {summary.Counters}");
            await Task.Delay(500);
        }
    }

    private static async Task<bool> MaterializedAsync(HttpClient http, ViewSummary summary)
    {
        var view = await ReadViewAsync(http);
        return view.Values.Sum(v => v.Orders) == summary.Counters!.Applied;
    }

    private static async Task<Dictionary<(string, long), (long Orders, decimal Total)>> ReadViewAsync(HttpClient http)
    {
        var rows = new Dictionary<(string, long), (long, decimal)>();
        string? cursor = null;
        do
        {
            var page = (await http.GetFromJsonAsync<RowsPage>(
                "views/hourly_totals/rows?limit=1000" + (cursor is null ? string.Empty : $"&cursor={cursor}"), KappaJson.Options))!;
            foreach (var row in page.Rows)
            {
                rows[(row.Key, row.WindowStart.ToUnixTimeMilliseconds())] = (row.Values["orders"].GetInt64(), row.Values["total"].GetDecimal());
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return rows;
    }

    private sealed record Oracle(Dictionary<(string, long), (long Orders, decimal Total)> Rows, long Applied, long Filtered, long DeadLettered);
}
