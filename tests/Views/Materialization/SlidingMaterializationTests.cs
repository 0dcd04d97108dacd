using System.Globalization;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Kappa.Processor.Pipeline;
using Xunit;

namespace Kappa.Views.Tests.Materialization;

/// <summary>
/// Sliding windows (time difference 10m) end to end, tasks and materializer, against an oracle computed straight from
/// Kafka Streams' definition: for a key's event times R, a window [s, s + d] exists for s = r - d (r in R) and for
/// s = r + 1 when some time of R lies in [r + 1, r + 1 + d]; its members are the times m with s &lt;= m &lt;= s + d.
/// Keys are spread over three source partitions, so every window is combined from several tasks' buckets, batch by
/// batch as the materializer polls them.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SlidingMaterializationTests
{
    private const long Second = 1_000;
    private const long Minute = 60_000;
    private const long D = 10 * Minute;
    private static readonly long Day = DateTimeOffset.Parse("2026-03-28T08:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
    private static readonly string[] Regions = ["EU", "US", "APAC", "LATAM"];

    /// <summary>(max-disorder in minutes, grace in minutes, whether some events arrive after their buckets closed).</summary>
    public static TheoryData<int, int, bool> Cases => new()
    {
        { 5, 0, false },
        { 5, 1, true },
        { 0, 0, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_view_equals_kafka_streams_sliding_windows_of_the_accepted_events(int maxDisorderMinutes, int graceMinutes, bool withLate)
    {
        Prop.ForAll(Arb.From(Gen.Choose(1, int.MaxValue)), seed =>
        {
            RunAndCompareAsync(maxDisorderMinutes * Minute, graceMinutes * Minute, withLate, seed).GetAwaiter().GetResult();
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3));
    }

    [Fact]
    public async Task One_keys_windows_combine_the_buckets_of_three_partitions_applied_one_record_at_a_time()
    {
        await using var pipeline = await SlidingPipeline.StartAsync(Definition("1h", "0s"), partitions: 3);
        await pipeline.AppendAsync([(0, Json("a", At("10:00:00"), 1m)), (1, Json("a", At("10:05:00"), 2m)), (2, Json("a", At("10:10:00"), 4m))]);
        await pipeline.RunTasksAsync(maxPollRecords: 1);
        await pipeline.MaterializeAsync(maxPollRecords: 1);
        await pipeline.AppendAsync([(0, Json("a", At("10:20:00.001"), 8m))]);
        await pipeline.RunTasksAsync(maxPollRecords: 1);
        await pipeline.MaterializeAsync(maxPollRecords: 1);

        var rows = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [Row("a", At("09:50:00"))] = "1 1 1",
            [Row("a", At("09:55:00"))] = "2 3 2",
            [Row("a", At("10:00:00"))] = "3 7 4",
            [Row("a", At("10:00:00.001"))] = "2 6 4",
            [Row("a", At("10:05:00.001"))] = "1 4 4",

            // 10:10's right window is 10:20:00.001's left window: 10 minutes and 1 ms apart, they share none.
            [Row("a", At("10:10:00.001"))] = "1 8 8",
        };
        Assert.Equal(rows, Normalize(pipeline.Rows()));
        Assert.Equal(6, pipeline.Store.CountRows(pipeline.View.Name, 1));

        // Then 10:15, and another partition's event at 10:10, which grows that time's buckets: every window holding 10:10
        // changes, and so must be read whole, up to the bucket d + 1 ms after it (10:20:00.001, in 10:10's right window).
        foreach (var (partition, time, amount) in new[] { (2, "10:15:00", 32m), (1, "10:10:00", 16m) })
        {
            await pipeline.AppendAsync([(partition, Json("a", At(time), amount))]);
            await pipeline.RunTasksAsync(maxPollRecords: 1);
            await pipeline.MaterializeAsync(maxPollRecords: 1);
        }

        Assert.Equal(
            new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                [Row("a", At("09:50:00"))] = "1 1 1",
                [Row("a", At("09:55:00"))] = "2 3 2",
                [Row("a", At("10:00:00"))] = "4 23 16",
                [Row("a", At("10:00:00.001"))] = "3 22 16",
                [Row("a", At("10:05:00"))] = "4 54 32",
                [Row("a", At("10:05:00.001"))] = "3 52 32",
                [Row("a", At("10:10:00.001"))] = "2 40 32",
                [Row("a", At("10:15:00.001"))] = "1 8 8",
            },
            Normalize(pipeline.Rows()));
        Assert.Equal(8, pipeline.Store.CountRows(pipeline.View.Name, 1));
    }

    private static async Task RunAndCompareAsync(long maxDisorder, long grace, bool withLate, int seed)
    {
        var random = new Random(seed);
        var events = new List<Event>();
        for (var i = 0; i < 300; i++)
        {
            events.Add(RandomEvent(random, events));
        }

        // Arrival: each event at its time plus a delay; within max-disorder none is late, beyond it some are.
        var maxDelay = withLate ? maxDisorder + D + grace + (20 * Minute) : maxDisorder;
        var arrival = events.Select(e => (Event: e, At: e.Time + random.NextInt64(Math.Max(1, maxDelay)), Partition: random.Next(3)))
            .OrderBy(a => a.At)
            .ToList();
        await using var pipeline = await SlidingPipeline.StartAsync(Definition($"{maxDisorder / Second}s", $"{grace / Second}s"), partitions: 3);

        // Two rounds, each cut into random task commits and random materializer batches; the tasks restart in between.
        var half = arrival.Count / 2;
        await pipeline.AppendAsync(arrival.Take(half).Select(a => (a.Partition, a.Event.Json)));
        await pipeline.RunTasksAsync(maxPollRecords: random.Next(1, 60));
        await pipeline.MaterializeAsync(maxPollRecords: random.Next(1, 40));
        await pipeline.AppendAsync(arrival.Skip(half).Select(a => (a.Partition, a.Event.Json)));
        var counters = await pipeline.RunTasksAsync(maxPollRecords: random.Next(1, 60));
        await pipeline.MaterializeAsync(maxPollRecords: random.Next(1, 40));

        // Which events the tasks accept: per partition in arrival order, the watermark is the newest time so far minus
        // max-disorder, and an event is late once its last window's end (t + d + 1) plus grace is at or before it.
        var newest = new long[3];
        Array.Fill(newest, long.MinValue);
        var accepted = new List<Event>();
        long late = 0, deadLettered = 0;
        foreach (var (e, _, partition) in arrival)
        {
            newest[partition] = Math.Max(newest[partition], e.Time);
            if (e.Time + D + 1 + grace <= newest[partition] - maxDisorder)
            {
                late++;
            }
            else if (e.Amount is null)
            {
                deadLettered++;
            }
            else
            {
                accepted.Add(e);
            }
        }

        Assert.Equal(new TaskCounters(events.Count, accepted.Count, 0, deadLettered, late), counters);
        Assert.Equal(counters.In, counters.Applied + counters.Filtered + counters.DeadLettered + counters.Late);
        Assert.True(!withLate || late > 0, "the case with late events had none");
        var expected = Oracle(accepted);
        Assert.Equal(expected, Normalize(pipeline.Rows()));
        Assert.Equal(expected.Count, pipeline.Store.CountRows(pipeline.View.Name, 1));
    }

    /// <summary>Kafka Streams' sliding windows of each key, straight from the definition: "n sum max" per window.</summary>
    private static SortedDictionary<string, string> Oracle(List<Event> accepted)
    {
        var rows = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in accepted.GroupBy(e => e.Region))
        {
            var times = key.Select(e => e.Time).ToList();
            var starts = times.Select(r => r - D)
                .Concat(times.Where(r => times.Any(m => m >= r + 1 && m <= r + 1 + D)).Select(r => r + 1))
                .Distinct();
            foreach (var start in starts)
            {
                var members = key.Where(e => e.Time >= start && e.Time <= start + D).ToList();
                rows[Row(key.Key, start)] = $"{members.Count} {Plain(members.Sum(e => e.Amount!.Value))} {Plain(members.Max(e => e.Amount!.Value))}";
            }
        }

        return rows;
    }

    private static SortedDictionary<string, string> Normalize(Dictionary<(string Key, long Start, long End), IReadOnlyDictionary<string, JsonElement>> view)
    {
        var rows = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var ((key, start, end), values) in view)
        {
            Assert.Equal(start + D + 1, end);
            rows[Row(key, start)] = $"{values["n"].GetInt64()} {Plain(values["revenue"].GetDecimal())} {Plain(values["top"].GetDecimal())}";
        }

        return rows;
    }

    private static string Row(string key, long start) => $"{key} {start}";

    private static string Plain(decimal value) => (value / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    private static string Definition(string maxDisorder, string grace) => $$"""
        view: recent
        source: clicks
        time: { field: ts, max-disorder: {{maxDisorder}}, grace: {{grace}} }
        key: [region]
        window: { sliding: 10m }
        aggregates: { n: count(), revenue: sum(amount), top: max(amount) }
        """;

    private static long At(string time) => DateTimeOffset.Parse($"2026-03-28T{time}Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private static string Json(string region, long time, decimal? amount)
    {
        var amountJson = amount is null ? "\"n/a\"" : amount.Value.ToString(CultureInfo.InvariantCulture);
        var ts = DateTimeOffset.FromUnixTimeMilliseconds(time).ToString("O", CultureInfo.InvariantCulture);
        return $$"""{"region":"{{region}}","amount":{{amountJson}},"ts":"{{ts}}"}""";
    }

    /// <summary>Events over three hours, with duplicate times and times exactly d and d + 1 ms after another's.</summary>
    private static Event RandomEvent(Random random, List<Event> before)
    {
        var region = Regions[random.Next(Regions.Length)];
        long time;
        var kind = before.Count > 0 ? random.Next(10) : 9;
        if (kind < 2)
        {
            // Another event's key, at its time or exactly d or d + 1 ms after it.
            var other = before[random.Next(before.Count)];
            region = other.Region;
            time = other.Time + (kind == 0 ? 0 : D + random.Next(2));
        }
        else
        {
            time = Day + (random.NextInt64(3 * 60 * 60) * Second) + (random.Next(3) == 0 ? random.Next(1_000) : 0);
        }

        decimal? amount = random.Next(20) == 0 ? null : Math.Round((decimal)random.NextDouble() * 100, random.Next(0, 3));
        return new Event(region, amount, time, Json(region, time, amount));
    }

    private sealed record Event(string Region, decimal? Amount, long Time, string Json);
}
