using FsCheck;
using FsCheck.Fluent;
using Kappa.Processor.Windows;
using Xunit;
using static Kappa.Processor.Tests.Windows.WindowTestData;

namespace Kappa.Processor.Tests.Windows;

public sealed class SlidingWindowsTests
{
    private static readonly SlidingWindows D10 = new(10);

    private static List<SlidingWindowUpdate> Update(SlidingWindows sliding, long[] sortedTimes, long t)
    {
        var updates = new List<SlidingWindowUpdate>();
        sliding.Update(sortedTimes, t, updates);
        return updates;
    }

    [Fact]
    public void Windows_are_kafkas_closed_intervals_as_half_open_windows()
    {
        Assert.Equal(11, D10.SizeMs);
        Assert.Equal(new Window(5, 16), D10.WindowAt(5));
        Assert.Equal("sliding(timeDifference=5m)", new SlidingWindows(TimeSpan.FromMinutes(5)).Description);
    }

    [Fact]
    public void The_first_record_creates_its_left_window_only()
    {
        Assert.Equal([new SlidingWindowUpdate(new Window(-10, 1), true, true, 1)], Update(D10, [], 0));
    }

    [Fact]
    public void A_record_within_the_time_difference_creates_its_left_window_and_the_earlier_records_right_window()
    {
        // Records 0 then 5: windows [-10,0] {0}, [-5,5] {0,5}, [1,11] {5}.
        Assert.Equal(
            [
                new SlidingWindowUpdate(new Window(-5, 6), true, true, 2),
                new SlidingWindowUpdate(new Window(1, 12), true, true, 1),
            ],
            Update(D10, [0], 5));
    }

    [Fact]
    public void Records_exactly_the_time_difference_apart_share_a_window()
    {
        // Records 0 then 10: [0,10] {0,10} is 10's left window; 0's right window [1,11] holds 10 only.
        Assert.Equal(
            [
                new SlidingWindowUpdate(new Window(0, 11), true, true, 2),
                new SlidingWindowUpdate(new Window(1, 12), true, true, 1),
            ],
            Update(D10, [0], 10));
    }

    [Fact]
    public void Records_further_apart_share_no_window()
    {
        // 11's left window [1,11] is also 0's right window: one window, holding 11 only.
        Assert.Equal([new SlidingWindowUpdate(new Window(1, 12), true, true, 1)], Update(D10, [0], 11));
        Assert.Equal([new SlidingWindowUpdate(new Window(2, 13), true, true, 1)], Update(D10, [0], 12));
    }

    [Fact]
    public void A_late_record_updates_existing_windows_and_creates_its_own_right_window()
    {
        // Existing records 0 and 8 (windows [-10,0], [-2,8], [1,11]); late record 4.
        var updates = Update(D10, [0, 8], 4);

        Assert.Equal(
            [
                new SlidingWindowUpdate(new Window(-6, 5), true, true, 2), // 4's left window {0, 4}
                new SlidingWindowUpdate(new Window(-2, 9), false, true, 3), // {0, 4, 8}
                new SlidingWindowUpdate(new Window(1, 12), false, true, 2), // {4, 8}
                new SlidingWindowUpdate(new Window(5, 16), true, false, 1), // 4's right window {8}
            ],
            updates);
    }

    [Fact]
    public void A_duplicate_timestamp_creates_nothing_and_joins_every_window_holding_it()
    {
        var updates = Update(D10, [0, 5], 5);

        Assert.Equal(
            [
                new SlidingWindowUpdate(new Window(-5, 6), false, true, 3),
                new SlidingWindowUpdate(new Window(1, 12), false, true, 2),
            ],
            updates);
    }

    [Fact]
    public void Members_of_a_window_are_an_index_range()
    {
        long[] times = [-3, 0, 0, 5, 10, 11];

        Assert.Equal(1..5, SlidingWindows.MembersOf(times, D10.WindowAt(0)));
        Assert.Equal(0..0, SlidingWindows.MembersOf(times, D10.WindowAt(-100)));
        Assert.Equal(6..6, SlidingWindows.MembersOf(times, D10.WindowAt(12)));
    }

    [Fact]
    public void A_zero_time_difference_groups_equal_timestamps_only()
    {
        var zero = new SlidingWindows(0);
        var windows = new List<Window>();

        zero.WindowsOf([0, 0, 1, 3], windows);

        Assert.Equal([new Window(0, 1), new Window(1, 2), new Window(3, 4)], windows);
    }

    [Fact]
    public void Update_does_not_allocate_when_the_list_has_capacity()
    {
        long[] times = [0, 3, 5, 8, 13, 21, 34];
        var updates = new List<SlidingWindowUpdate>(64);
        for (var i = 0; i < 100; i++)
        {
            updates.Clear();
            D10.Update(times, i % 40, updates);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            updates.Clear();
            D10.Update(times, i % 40, updates);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>
    /// The brute-force definition, independent of Kafka's left/right bookkeeping: slide a window of
    /// d + 1 milliseconds over every start; a window exists at each start where its member multiset
    /// is non-empty and differs from the one a millisecond earlier (a record entered or left).
    /// </summary>
    private static Dictionary<long, int> BruteForce(List<long> times, long d)
    {
        var result = new Dictionary<long, int>();
        if (times.Count == 0)
        {
            return result;
        }

        long[] Members(long start) => times.Where(t => start <= t && t <= start + d).Order().ToArray();

        var previous = Members(times.Min() - d - 1);
        for (var start = times.Min() - d; start <= times.Max() + 1; start++)
        {
            var members = Members(start);
            if (members.Length > 0 && !members.SequenceEqual(previous))
            {
                result[start] = members.Length;
            }

            previous = members;
        }

        return result;
    }

    private static Gen<(long D, List<long> Order)> RecordsInAnyOrder() =>
        from d in Gen.Elements(0L, 1L, 2L, 5L, 10L, 17L)
        from times in Gen.ListOf(Gen.OneOf(Between(-40, 40), Between(-5, 5)))
        from order in Gen.Shuffle(times.ToArray())
        select (d, order.ToList());

    [Fact]
    public void Property_incremental_updates_in_any_order_give_the_brute_force_windows_and_counts()
    {
        Prop.ForAll(Arb.From(RecordsInAnyOrder()), input =>
        {
            var (d, order) = input;
            var sliding = new SlidingWindows(d);
            var windows = new Dictionary<long, int>();
            var seen = new List<long>();
            var updates = new List<SlidingWindowUpdate>();
            foreach (var t in order)
            {
                updates.Clear();
                sliding.Update(seen.ToArray(), t, updates);

                for (var k = 1; k < updates.Count; k++)
                {
                    Assert.True(updates[k - 1].Window.Start < updates[k].Window.Start);
                }

                foreach (var update in updates)
                {
                    var start = update.Window.Start;
                    Assert.Equal(sliding.WindowAt(start), update.Window);
                    Assert.Equal(update.Window.Contains(t), update.ContainsNewRecord);
                    if (update.IsNew)
                    {
                        Assert.False(windows.ContainsKey(start), $"window at {start} reported new but existed");
                        var members = SlidingWindows.MembersOf(seen.ToArray(), update.Window);
                        var count = members.End.Value - members.Start.Value + (update.ContainsNewRecord ? 1 : 0);
                        Assert.Equal(count, update.MemberCount);
                        windows[start] = update.MemberCount;
                    }
                    else
                    {
                        Assert.True(update.ContainsNewRecord);
                        Assert.True(windows.ContainsKey(start), $"window at {start} reported existing but did not exist");
                        windows[start]++;
                        Assert.Equal(windows[start], update.MemberCount);
                    }
                }

                var index = seen.BinarySearch(t);
                seen.Insert(index < 0 ? ~index : index, t);

                // Every window that contains the record was reported.
                foreach (var start in windows.Keys.Where(s => sliding.WindowAt(s).Contains(t)))
                {
                    Assert.Contains(updates, update => update.Window.Start == start);
                }
            }

            var expected = BruteForce(order, d);
            Assert.Equal(expected.OrderBy(kv => kv.Key), windows.OrderBy(kv => kv.Key));

            var all = new List<Window>();
            sliding.WindowsOf(seen.ToArray(), all);
            Assert.Equal(expected.Keys.Order().Select(sliding.WindowAt), all);
        }).Check(Thorough);
    }

    [Fact]
    public void Property_only_the_relevant_range_of_times_matters()
    {
        var gen =
            from input in RecordsInAnyOrder()
            from t in Between(-50, 50)
            select (input.D, input.Order, t);

        Prop.ForAll(Arb.From(gen), input =>
        {
            var (d, times, t) = input;
            var sliding = new SlidingWindows(d);
            var sorted = times.Order().ToArray();
            var (from, to) = sliding.RelevantRange(t);
            var relevant = sorted.Where(x => x >= from && x <= to).ToArray();

            Assert.Equal(Update(sliding, sorted, t), Update(sliding, relevant, t));
        }).Check(Thorough);
    }
}
