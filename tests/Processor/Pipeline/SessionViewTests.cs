using System.Globalization;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Kappa.Processor.Pipeline;
using Xunit;

namespace Kappa.Processor.Tests.Pipeline;

/// <summary>
/// Session windows through the pipeline against a batch oracle: a key's sessions are the runs of its sorted event
/// times split wherever two consecutive times are more than the gap apart. The events of one key are spread over
/// several partitions, so the view's sessions are merged from several tasks' partial sessions.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SessionViewTests
{
    private const long Minute = 60_000;
    private const long Gap = 30 * Minute;
    private static readonly long Day = DateTimeOffset.Parse("2026-03-28T20:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
    private static readonly string[] Regions = ["EU", "US", "APAC", "LATAM"];

    /// <summary>(emit, partitions, max-disorder in minutes): fully shuffled input, or input shuffled within a
    /// max-disorder small enough that sessions close (and are deleted from the task) while the input runs.</summary>
    public static TheoryData<string, int, int> Cases => new()
    {
        { "on-update", 3, 2 * 24 * 60 },
        { "on-update", 3, 10 },
        { "on-close", 1, 10 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_view_equals_batch_sessions_for_random_events(string emit, int partitions, int maxDisorderMinutes)
    {
        Prop.ForAll(Arb.From(Gen.Choose(1, int.MaxValue)), seed =>
        {
            RunAndCompareAsync(emit, partitions, maxDisorderMinutes * Minute, seed).GetAwaiter().GetResult();
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(4));
    }

    [Fact]
    public async Task A_refused_record_leaves_no_row_in_the_way_of_the_session_a_later_record_starts_at_its_time()
    {
        // 10:00 is refused (its amount is no number); 10:20 starts a session; a good 10:00 then extends it back to 10:00,
        // a new row at the refused record's time. The refused record had left an empty row there once.
        await using var harness = await StartAsync("on-update", partitions: 1, maxDisorder: "1h");
        await harness.AppendAsync([
            (0, null, """{"region":"a","amount":"n/a","ts":"2026-03-28T10:00:00Z"}""", 0L),
            Click(0, "a", "10:20:00"),
            Click(0, "a", "10:00:00"),
        ]);

        var counters = await harness.RunUntilCaughtUpAsync();

        Assert.Equal(new TaskCounters(3, 2, 0, 1, 0), counters);
        Assert.Equal(
            new Dictionary<(string, DateTimeOffset, DateTimeOffset), string> { [("a", At("10:00:00"), At("10:50:00"))] = """{"n":2,"revenue":2}""" },
            await harness.ReadWindowsAsync());
    }

    /// <summary>The property test's run for the seed that found the bug above: it asserts the oracle's rows and the counters.</summary>
    [Fact]
    public async Task The_view_equals_batch_sessions_for_a_seed_that_once_met_a_refused_records_row() =>
        await RunAndCompareAsync("on-update", 3, 2 * 24 * 60 * Minute, 717513832);

    [Fact]
    public async Task Events_exactly_one_gap_apart_share_a_session_and_one_more_millisecond_splits_it()
    {
        await using var harness = await StartAsync("on-update", partitions: 1, maxDisorder: "1h");
        await harness.AppendAsync([Click(0, "a", "10:00:00"), Click(0, "a", "10:30:00"), Click(0, "b", "10:00:00"), Click(0, "b", "10:30:00.001")]);
        await harness.RunUntilCaughtUpAsync();

        Assert.Equal(
            new Dictionary<(string, DateTimeOffset, DateTimeOffset), string>
            {
                [("a", At("10:00:00"), At("11:00:00"))] = """{"n":2,"revenue":2}""",
                [("b", At("10:00:00"), At("10:30:00"))] = """{"n":1,"revenue":1}""",
                [("b", At("10:30:00.001"), At("11:00:00.001"))] = """{"n":1,"revenue":1}""",
            },
            await harness.ReadWindowsAsync());
    }

    [Fact]
    public async Task A_bridging_event_merges_two_published_sessions_and_the_later_one_disappears()
    {
        await using var harness = await StartAsync("on-update", partitions: 2, maxDisorder: "2h");
        await harness.AppendAsync([Click(0, "a", "10:00:00"), Click(0, "a", "11:00:00"), Click(1, "a", "11:10:00")]);
        await harness.RunUntilCaughtUpAsync();
        Assert.Equal(2, (await harness.ReadWindowsAsync()).Count);

        // Partition 0's sessions [10:00, 10:30) and [11:00, 11:30) become one, and its 11:00 row is retired; across
        // partitions the session also takes in partition 1's [11:10, 11:40).
        await harness.AppendAsync([Click(0, "a", "10:30:00")]);
        var counters = await harness.RunUntilCaughtUpAsync();

        Assert.Equal(
            new Dictionary<(string, DateTimeOffset, DateTimeOffset), string> { [("a", At("10:00:00"), At("11:40:00"))] = """{"n":4,"revenue":4}""" },
            await harness.ReadWindowsAsync());
        Assert.Equal(new TaskCounters(4, 4, 0, 0, 0), counters);
        var tombstones = (await harness.ReadTopicAsync("_kappa.view.sessions.v1")).Count(r => r.Value is null);
        Assert.Equal(1, tombstones);
    }

    [Fact]
    public async Task An_event_before_a_session_moves_its_start_to_a_new_row()
    {
        await using var harness = await StartAsync("on-update", partitions: 1, maxDisorder: "2h");
        await harness.AppendAsync([Click(0, "a", "10:00:00"), Click(0, "a", "10:20:00")]);
        await harness.RunUntilCaughtUpAsync();
        await harness.AppendAsync([Click(0, "a", "09:40:00")]);
        await harness.RunUntilCaughtUpAsync();

        Assert.Equal(
            new Dictionary<(string, DateTimeOffset, DateTimeOffset), string> { [("a", At("09:40:00"), At("10:50:00"))] = """{"n":3,"revenue":3}""" },
            await harness.ReadWindowsAsync());
    }

    [Fact]
    public async Task An_event_for_a_closed_session_is_late_and_the_session_keeps_its_value()
    {
        await using var harness = await StartAsync("on-update", partitions: 1, maxDisorder: "0s");
        await harness.AppendAsync([Click(0, "a", "10:00:00"), Click(0, "a", "12:00:00")]);
        await harness.RunUntilCaughtUpAsync();

        // 10:20 would extend the session [10:00, 10:30), which the watermark (12:00) closed.
        await harness.AppendAsync([Click(0, "a", "10:20:00")]);
        var counters = await harness.RunUntilCaughtUpAsync();

        Assert.Equal(new TaskCounters(3, 2, 0, 0, 1), counters);
        var late = Assert.Single(await harness.ReadTopicAsync("clicks.late"));
        Assert.Equal("2026-03-28T10:20:00.0000000+00:00", late.Headers.Where(h => h.Name == "kappa.window.start").Select(h => System.Text.Encoding.UTF8.GetString(h.Value.Span)).Single());
        Assert.Equal(
            new Dictionary<(string, DateTimeOffset, DateTimeOffset), string>
            {
                [("a", At("10:00:00"), At("10:30:00"))] = """{"n":1,"revenue":1}""",
                [("a", At("12:00:00"), At("12:30:00"))] = """{"n":1,"revenue":1}""",
            },
            await harness.ReadWindowsAsync());
    }

    [Fact]
    public async Task A_session_extended_since_the_last_commit_is_not_closed_by_its_old_end()
    {
        await using var harness = await StartAsync("on-update", partitions: 1, maxDisorder: "0s");
        await harness.AppendAsync([Click(0, "a", "10:00:00")]);
        await harness.RunUntilCaughtUpAsync();

        // In one commit: the session grows to [10:00, 10:55), then the watermark passes its stored end (10:30).
        await harness.AppendAsync([Click(0, "a", "10:25:00"), Click(0, "b", "10:40:00")]);
        await harness.RunUntilCaughtUpAsync();
        await harness.AppendAsync([Click(0, "a", "10:50:00")]);
        await harness.RunUntilCaughtUpAsync();

        var rows = await harness.ReadWindowsAsync();
        Assert.Equal("""{"n":3,"revenue":3}""", rows[("a", At("10:00:00"), At("11:20:00"))]);
        Assert.Equal(2, rows.Count);

        // The view would heal a session split in two (the partials overlap), so look at the task's own rows: 10:50
        // extended the open session rather than starting one.
        var starts = (await harness.ReadTopicAsync("_kappa.view.sessions.v1")).Select(r => Contracts.Views.RowKey.Decode(r.Key.AsSpan(0, r.Key!.Length - 4)).WindowStart);
        Assert.DoesNotContain(At("10:50:00").ToUnixTimeMilliseconds(), starts);
    }

    [Fact]
    public async Task On_close_views_publish_a_session_once_its_gap_and_grace_have_passed()
    {
        await using var harness = await StartAsync("on-close", partitions: 1, maxDisorder: "0s", grace: "5m");
        await harness.AppendAsync([Click(0, "a", "10:00:00"), Click(0, "a", "10:20:00"), Click(0, "a", "10:54:59")]);
        await harness.RunUntilCaughtUpAsync();
        Assert.Empty(await harness.ReadWindowsAsync());

        // At a watermark of 10:55, the session's end (10:50) plus grace, an event at exactly 10:50 could still
        // extend it; one millisecond later none can.
        await harness.AppendAsync([Click(0, "b", "10:55:00")]);
        await harness.RunUntilCaughtUpAsync();
        Assert.Empty(await harness.ReadWindowsAsync());
        await harness.AppendAsync([Click(0, "b", "10:55:00.001")]);
        await harness.RunUntilCaughtUpAsync();

        Assert.Equal(
            new Dictionary<(string, DateTimeOffset, DateTimeOffset), string> { [("a", At("10:00:00"), At("10:50:00"))] = """{"n":2,"revenue":2}""" },
            await harness.ReadWindowsAsync());
    }

    [Fact]
    public async Task A_task_restarted_from_an_earlier_commit_republishes_the_same_view()
    {
        var random = new Random(11);
        var events = Enumerable.Range(0, 600).Select(_ => RandomEvent(random)).ToList();
        await using var harness = await StartAsync("on-update", partitions: 2, maxDisorder: "3h");
        var arrival = InArrivalOrder(events, 180 * Minute, random);
        await harness.AppendAsync(arrival.Take(300).Select(e => (e.Time % 2 == 0 ? 0 : 1, (string?)null, e.Json, 0L)));
        await harness.RunUntilCaughtUpAsync(maxPollRecords: 7);

        // The crash: each task's state goes back to this commit after it has published everything that follows, so
        // it processes the rest again and republishes its changelog records, tombstones included.
        using var snapshot = new Kappa.TestKit.TempDirectory("session-snapshot");
        CopyDirectory(Path.GetDirectoryName(harness.TaskDirectory(0))!, snapshot.Path);
        await harness.AppendAsync(arrival.Skip(300).Select(e => (e.Time % 2 == 0 ? 0 : 1, (string?)null, e.Json, 0L)));
        await harness.RunUntilCaughtUpAsync(maxPollRecords: 13, cacheMaxRows: 1);
        var once = await harness.ReadWindowsAsync();
        Directory.Delete(Path.GetDirectoryName(harness.TaskDirectory(0))!, recursive: true);
        CopyDirectory(snapshot.Path, Path.GetDirectoryName(harness.TaskDirectory(0))!);

        // The group's offsets go back with the state, as after a crash between a task's commit and its group commit;
        // state behind the group would instead be restored silently (see ViewTaskRestoreTests).
        await harness.RewindGroupToStateAsync();
        await harness.RunUntilCaughtUpAsync(maxPollRecords: 50);

        Assert.Equal(once, await harness.ReadWindowsAsync());
        Assert.Contains(await harness.ReadTopicAsync("_kappa.view.sessions.v1"), r => r.Value is null);
        Assert.Equal(Oracle(events.Where(e => e.Amount is not null), long.MaxValue), Normalize(once));
    }

    private static async Task RunAndCompareAsync(string emit, int partitions, long maxDisorder, int seed)
    {
        var random = new Random(seed);
        var events = Enumerable.Range(0, 400).Select(_ => RandomEvent(random)).ToList();
        await using var harness = await StartAsync(emit, partitions, $"{maxDisorder / Minute}m");
        var arrival = InArrivalOrder(events, maxDisorder, random);

        // Two rounds with a restart in between: resuming must neither lose nor double count.
        var half = arrival.Count / 2;
        await harness.AppendAsync(arrival.Take(half).Select(e => (random.Next(partitions), (string?)null, e.Json, 0L)));
        // A cache of one row is evicted at every commit, so rows are re-read from RocksDB.
        var cacheMaxRows = random.Next(2) == 0 ? 1 : 1_000_000;
        await harness.RunUntilCaughtUpAsync(maxPollRecords: random.Next(1, 100), cacheMaxRows);
        await harness.AppendAsync(arrival.Skip(half).Select(e => (random.Next(partitions), (string?)null, e.Json, 0L)));
        var counters = await harness.RunUntilCaughtUpAsync(maxPollRecords: random.Next(1, 100), cacheMaxRows);

        var good = events.Where(e => e.Amount is not null).ToList();
        var closedBy = emit == "on-close" ? events.Max(e => e.Time) - maxDisorder - 1 : long.MaxValue;
        Assert.Equal(Oracle(good, closedBy), Normalize(await harness.ReadWindowsAsync()));
        Assert.Equal(new TaskCounters(events.Count, good.Count, 0, events.Count - good.Count, 0), counters);
    }

    /// <summary>
    /// Batch sessions: per key, sorted times split where consecutive times are more than the gap apart; only those
    /// whose end (last event plus gap) is at or before <paramref name="closedBy"/>.
    /// </summary>
    private static SortedDictionary<string, string> Oracle(IEnumerable<Event> events, long closedBy)
    {
        var rows = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in events.GroupBy(e => e.Region))
        {
            var sorted = key.OrderBy(e => e.Time).ToList();
            var run = new List<Event>();
            foreach (var e in sorted.Append(null))
            {
                if (run.Count > 0 && (e is null || e.Time - run[^1].Time > Gap))
                {
                    var end = run[^1].Time + Gap;
                    if (end <= closedBy)
                    {
                        rows[$"{key.Key} {run[0].Time} {end}"] = $"{run.Count} {run.Sum(x => x.Amount!.Value) / 1.0000000000000000000000000000m}";
                    }

                    run.Clear();
                }

                if (e is not null)
                {
                    run.Add(e);
                }
            }
        }

        return rows;
    }

    private static SortedDictionary<string, string> Normalize(Dictionary<(string Key, DateTimeOffset Start, DateTimeOffset End), string> view)
    {
        var rows = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var ((key, start, end), values) in view)
        {
            using var document = JsonDocument.Parse(values);
            var n = document.RootElement.GetProperty("n").GetInt32();
            var sum = document.RootElement.GetProperty("revenue").GetDecimal() / 1.0000000000000000000000000000m;
            rows[$"{key} {start.ToUnixTimeMilliseconds()} {end.ToUnixTimeMilliseconds()}"] = $"{n} {sum}";
        }

        return rows;
    }

    /// <summary>
    /// An arrival order in which no event is late: each event arrives at its time plus a random delay under
    /// <paramref name="maxDisorder"/>, so the newest time seen before it is less than its own plus max-disorder.
    /// </summary>
    private static List<Event> InArrivalOrder(List<Event> events, long maxDisorder, Random random) =>
        [.. events.Select(e => (e, At: e.Time + random.NextInt64(maxDisorder))).OrderBy(p => p.At).Select(p => p.e)];

    private static Task<PipelineHarness> StartAsync(string emit, int partitions, string maxDisorder, string grace = "0s") =>
        PipelineHarness.StartAsync($$"""
            view: sessions
            source: clicks
            time: { field: ts, max-disorder: {{maxDisorder}}, grace: {{grace}} }
            key: [region]
            window: { session: { gap: 30m } }
            aggregates: { n: count(), revenue: sum(amount) }
            emit: {{emit}}
            """, partitions);

    private static (int, string?, string, long) Click(int partition, string region, string time) =>
        (partition, null, $$"""{"region":"{{region}}","amount":1,"ts":"2026-03-28T{{time}}Z"}""", 0L);

    private static DateTimeOffset At(string time) => DateTimeOffset.Parse($"2026-03-28T{time}Z", CultureInfo.InvariantCulture);

    private static Event RandomEvent(Random random)
    {
        var time = Day + random.NextInt64(30 * 60) * Minute + random.Next(2) * random.Next(60_000);
        var region = Regions[random.Next(Regions.Length)];
        decimal? amount = random.Next(20) == 0 ? null : Math.Round((decimal)random.NextDouble() * 1000, random.Next(0, 4));
        var amountJson = amount is null ? "\"n/a\"" : amount.Value.ToString(CultureInfo.InvariantCulture);
        var ts = DateTimeOffset.FromUnixTimeMilliseconds(time).ToString("O", CultureInfo.InvariantCulture);
        return new Event(region, amount, time, $$"""{"region":"{{region}}","amount":{{amountJson}},"ts":"{{ts}}"}""");
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private sealed record Event(string Region, decimal? Amount, long Time, string Json);
}
