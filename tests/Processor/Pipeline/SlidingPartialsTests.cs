using System.Buffers;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Kappa.Processor.Aggregates;
using Kappa.Processor.Events;
using Kappa.Processor.Pipeline;
using Kappa.Processor.Windows;
using Xunit;

namespace Kappa.Processor.Tests.Pipeline;

/// <summary>
/// The materializer's claims for sliding windows: a change to the buckets at t changes only windows starting in
/// [t - d, t + 1], which the buckets in [t - d - 1, t + d + 1] decide; and a window's value is the merge of its member
/// buckets, whatever partitions they came from.
/// </summary>
public sealed class SlidingPartialsTests
{
    private static readonly IAggregateFunction[] CountAndSum = [AggregateFactory.Create("n", "count", []), AggregateFactory.Create("s", "sum", ["amount"])];

    [Fact]
    public void The_affected_windows_are_every_window_starting_within_d_before_to_one_after_a_changed_time()
    {
        var sliding = new SlidingWindows(10);
        var windows = new List<Window>();

        // Windows of 0, 5, 30: left [-10, 1), [-5, 6), [20, 31); right of 0: [1, 12). A change at 5 touches starts -5..6.
        SlidingPartials.Affected(sliding, [0, 5, 30], [5], windows);

        Assert.Equal([new Window(-5, 6), new Window(1, 12)], windows);
    }

    [Fact]
    public void Every_window_a_change_creates_or_changes_is_affected_and_decided_by_the_buckets_in_range()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, 60).Select(t => (long)t).ArrayOf()), Arb.From(Gen.Choose(0, 60).Select(t => (long)t).NonEmptyListOf()), Arb.From(Gen.Choose(0, 6)), (before, changes, d) =>
        {
            var sliding = new SlidingWindows(d);
            var changed = changes.Distinct().Order().ToArray();
            var after = before.Concat(changed).Order().ToArray();
            var windowsBefore = WindowsOf(sliding, before.Order().ToArray());
            var windowsAfter = WindowsOf(sliding, after);
            var affected = new List<Window>();
            SlidingPartials.Affected(sliding, after, changed, affected);

            // No window disappears; every new window, and every window holding a changed bucket, is affected.
            Assert.Subset(windowsAfter.ToHashSet(), windowsBefore.ToHashSet());
            Assert.Subset(affected.ToHashSet(), windowsAfter.Except(windowsBefore).ToHashSet());
            Assert.Subset(affected.ToHashSet(), windowsAfter.Where(w => changed.Any(w.Contains)).ToHashSet());
            Assert.All(affected, w => Assert.Contains(changed, t => w.Start >= t - d && w.Start <= t + 1));

            // The buckets within d + 1 of the changes decide the same windows as all of them.
            var inRange = after.Where(r => changed.Any(t => r >= t - d - 1 && r <= t + d + 1)).ToArray();
            var fromRange = new List<Window>();
            SlidingPartials.Affected(sliding, inRange, changed, fromRange);
            Assert.Equal(affected, fromRange);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void A_windows_value_merges_its_member_buckets_from_every_partition()
    {
        var sliding = new SlidingWindows(10);

        // Buckets: 0 from partitions 0 and 1, 10 from partition 2, 11 from partition 0.
        (long, byte[])[] buckets = [(0, Bucket(0, 1m, 2m)), (0, Bucket(0, 4m)), (10, Bucket(10, 8m)), (11, Bucket(11, 16m))];
        var rows = SlidingPartials.Combine(sliding, buckets, [0, 10, 11], CountAndSum);

        Assert.Equal(
            [
                (new Window(-10, 1), "3 7"),
                (new Window(0, 11), "4 15"),
                (new Window(1, 12), "2 24"),
                (new Window(11, 22), "1 16"),
            ],
            rows.Select(r => (r.Window, Describe(r.Row!))));
    }

    [Fact]
    public void A_window_whose_buckets_cannot_be_merged_is_reported_and_the_others_render()
    {
        var sliding = new SlidingWindows(10);
        var tooBig = 60_000_000_000_000_000_000_000_000_000m;
        (long, byte[])[] buckets = [(0, Bucket(0, tooBig)), (5, Bucket(5, tooBig)), (20, Bucket(20, 1m))];

        var rows = SlidingPartials.Combine(sliding, buckets, [0, 5, 20], CountAndSum);

        Assert.Equal([-10, -5, 1, 10], rows.Select(r => r.Window.Start));
        var failed = Assert.Single(rows, r => r.Row is null);
        Assert.Equal(-5, failed.Window.Start);
        Assert.NotNull(failed.Error);
        Assert.Equal("1 1", Describe(rows.Single(r => r.Window.Start == 10).Row!));
    }

    private static List<Window> WindowsOf(SlidingWindows sliding, long[] sortedTimes)
    {
        var windows = new List<Window>();
        sliding.WindowsOf(sortedTimes, windows);
        return windows;
    }

    private static byte[] Bucket(long time, params decimal[] amounts)
    {
        var row = RowState.Create(new Window(time, time + 1), CountAndSum);
        foreach (var amount in amounts)
        {
            var position = new EventPosition(time, 0, 0);
            row.States[0].Add(FieldValue.Missing, position);
            row.States[1].Add(FieldValue.FromNumber(amount), position);
        }

        var output = new ArrayBufferWriter<byte>();
        row.Write(output);
        return output.WrittenSpan.ToArray();
    }

    private static string Describe(RowState row)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(output))
        {
            writer.WriteStartArray();
            row.States[0].WriteResult(writer);
            row.States[1].WriteResult(writer);
            writer.WriteEndArray();
        }

        using var document = System.Text.Json.JsonDocument.Parse(output.WrittenMemory);
        return string.Join(' ', document.RootElement.EnumerateArray().Select(e => e.GetDecimal().ToString(CultureInfo.InvariantCulture)));
    }
}
