using System.Globalization;
using System.Text;
using Kappa.Processor.Pipeline;
using Xunit;

namespace Kappa.Processor.Tests.Pipeline;

/// <summary>
/// Sliding windows (time difference 10m) through the tasks: the windows' edges, duplicate times and the grace
/// boundary of a bucket. The view is read the way the materializer combines it, all buckets at once (the
/// materializer's incremental path has its own tests in the views project).
/// </summary>
[Trait("Category", "Integration")]
public sealed class SlidingViewTests
{
    [Fact]
    public async Task Records_exactly_d_apart_share_a_window_and_one_more_millisecond_apart_do_not()
    {
        await using var harness = await StartAsync(partitions: 2, grace: "0s");
        await harness.AppendAsync([
            Click(0, "a", "10:00:00", 1), Click(1, "a", "10:10:00", 2),
            Click(1, "b", "10:00:00", 1), Click(0, "b", "10:10:00.001", 2),
        ]);
        await harness.RunUntilCaughtUpAsync();

        Assert.Equal(
            new Dictionary<(string, DateTimeOffset, DateTimeOffset), string>
            {
                // a: left windows of both records, and 10:00's right window, which holds 10:10 only.
                [("a", At("09:50:00"), At("10:00:00.001"))] = """{"n":1,"revenue":1,"top":1}""",
                [("a", At("10:00:00"), At("10:10:00.001"))] = """{"n":2,"revenue":3,"top":2}""",
                [("a", At("10:00:00.001"), At("10:10:00.002"))] = """{"n":1,"revenue":2,"top":2}""",

                // b: 10:00's right window is 10:10:00.001's left window; no window holds both.
                [("b", At("09:50:00"), At("10:00:00.001"))] = """{"n":1,"revenue":1,"top":1}""",
                [("b", At("10:00:00.001"), At("10:10:00.002"))] = """{"n":1,"revenue":2,"top":2}""",
            },
            await harness.ReadWindowsAsync());
    }

    [Fact]
    public async Task Records_at_the_same_time_are_separate_members_of_the_same_windows()
    {
        await using var harness = await StartAsync(partitions: 3, grace: "0s");
        await harness.AppendAsync([Click(0, "c", "10:00:00", 1), Click(2, "c", "10:00:00", 4), Click(1, "c", "10:05:00", 2)]);
        await harness.RunUntilCaughtUpAsync();

        Assert.Equal(
            new Dictionary<(string, DateTimeOffset, DateTimeOffset), string>
            {
                [("c", At("09:50:00"), At("10:00:00.001"))] = """{"n":2,"revenue":5,"top":4}""",
                [("c", At("09:55:00"), At("10:05:00.001"))] = """{"n":3,"revenue":7,"top":4}""",
                [("c", At("10:00:00.001"), At("10:10:00.002"))] = """{"n":1,"revenue":2,"top":2}""",
            },
            await harness.ReadWindowsAsync());
    }

    [Fact]
    public async Task A_record_is_late_exactly_when_its_last_window_end_plus_grace_is_at_the_watermark()
    {
        await using var harness = await StartAsync(partitions: 1, grace: "1m");

        // The watermark at 10:11:00.001 (max-disorder 0): a record at t is late once t + 10m + 1 ms + 1m <= it.
        await harness.AppendAsync([Click(0, "w", "10:11:00.001", 1), Click(0, "a", "10:00:00.001", 1), Click(0, "a", "10:00:00", 5)]);
        var counters = await harness.RunUntilCaughtUpAsync();

        Assert.Equal(new TaskCounters(3, 2, 0, 0, 1), counters);
        var late = Assert.Single(await harness.ReadTopicAsync("clicks.late"));
        string Header(string name) => Encoding.UTF8.GetString(late.Headers.Single(h => h.Name == name).Value.Span);
        Assert.Equal("2026-03-28T10:00:00.0000000+00:00", Header("kappa.window.start"));
        Assert.Equal("2026-03-28T10:10:00.0010000+00:00", Header("kappa.window.end"));
        var rows = await harness.ReadWindowsAsync();
        Assert.Equal("""{"n":1,"revenue":1,"top":1}""", rows[("a", At("09:50:00.001"), At("10:00:00.002"))]);
        Assert.DoesNotContain(rows.Keys, k => k.Item1 == "a" && k.Item2 == At("09:50:00"));
    }

    private static Task<PipelineHarness> StartAsync(int partitions, string grace) =>
        PipelineHarness.StartAsync($$"""
            view: recent
            source: clicks
            time: { field: ts, max-disorder: 0s, grace: {{grace}} }
            key: [region]
            window: { sliding: 10m }
            aggregates: { n: count(), revenue: sum(amount), top: max(amount) }
            """, partitions);

    private static (int, string?, string, long) Click(int partition, string region, string time, int amount) =>
        (partition, null, $$"""{"region":"{{region}}","amount":{{amount}},"ts":"2026-03-28T{{time}}Z"}""", 0L);

    private static DateTimeOffset At(string time) => DateTimeOffset.Parse($"2026-03-28T{time}Z", CultureInfo.InvariantCulture);
}
