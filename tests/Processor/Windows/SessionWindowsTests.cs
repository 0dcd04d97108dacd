using FsCheck;
using FsCheck.Fluent;
using Kappa.Processor.Windows;
using Xunit;
using static Kappa.Processor.Tests.Windows.WindowTestData;

namespace Kappa.Processor.Tests.Windows;

public sealed class SessionWindowsTests
{
    private static readonly SessionWindows Gap5 = new(5);

    [Fact]
    public void A_lone_event_is_a_session_of_one_gap()
    {
        var merge = Gap5.Merge([], 100);

        Assert.Equal(new SessionMerge(new Window(100, 105), 0, 0, false), merge);
        Assert.True(merge.IsNewSession);
    }

    [Fact]
    public void Events_exactly_one_gap_apart_share_a_session()
    {
        // Kafka Streams' rule: merged when the time between events is <= the gap.
        Assert.Equal(new SessionMerge(new Window(0, 10), 0, 1, false), Gap5.Merge([new Window(0, 5)], 5));
        Assert.Equal(new SessionMerge(new Window(0, 10), 0, 1, false), Gap5.Merge([new Window(5, 10)], 0));
    }

    [Fact]
    public void Events_more_than_one_gap_apart_do_not()
    {
        Assert.Equal(new SessionMerge(new Window(6, 11), 1, 0, false), Gap5.Merge([new Window(0, 5)], 6));
        Assert.Equal(new SessionMerge(new Window(0, 5), 0, 0, false), Gap5.Merge([new Window(6, 11)], 0));
    }

    [Fact]
    public void An_event_inside_a_session_leaves_it_unchanged()
    {
        var merge = Gap5.Merge([new Window(0, 20)], 10);

        Assert.Equal(new SessionMerge(new Window(0, 20), 0, 1, true), merge);
    }

    [Fact]
    public void An_event_between_two_sessions_bridges_them()
    {
        Window[] sessions = [new Window(-100, -90), new Window(0, 5), new Window(10, 15), new Window(100, 105)];

        var merge = Gap5.Merge(sessions, 5);

        Assert.Equal(new SessionMerge(new Window(0, 15), 1, 2, false), merge);
        Assert.Equal(1..3, merge.Absorbed);
    }

    [Fact]
    public void A_late_event_extends_a_session_backwards()
    {
        var sessions = new List<Window> { new(10, 15), new(100, 105) };

        var merge = Gap5.Apply(sessions, 7);

        Assert.Equal(new Window(7, 15), merge.Session);
        Assert.Equal([new Window(7, 15), new Window(100, 105)], sessions);
    }

    [Fact]
    public void Apply_keeps_the_list_sorted()
    {
        var sessions = new List<Window>();

        Gap5.Apply(sessions, 50);
        Gap5.Apply(sessions, 0);
        Gap5.Apply(sessions, 100);
        Gap5.Apply(sessions, 30);
        Assert.Equal([new Window(0, 5), new Window(30, 35), new Window(50, 55), new Window(100, 105)], sessions);

        Gap5.Apply(sessions, 40);
        Gap5.Apply(sessions, 45);
        Assert.Equal([new Window(0, 5), new Window(30, 35), new Window(40, 55), new Window(100, 105)], sessions);

        Gap5.Apply(sessions, 35);
        Assert.Equal([new Window(0, 5), new Window(30, 55), new Window(100, 105)], sessions);
    }

    [Fact]
    public void Negative_timestamps_work_like_any_other()
    {
        var sessions = new List<Window>();

        Gap5.Apply(sessions, -7);
        Gap5.Apply(sessions, -2);
        Gap5.Apply(sessions, 4);

        Assert.Equal([new Window(-7, 3), new Window(4, 9)], sessions);
    }

    [Fact]
    public void Merge_does_not_allocate()
    {
        Window[] sessions = [new Window(0, 5), new Window(10, 15), new Window(100, 105)];
        for (var i = 0; i < 100; i++)
        {
            _ = Gap5.Merge(sessions, i);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var total = 0L;
        for (var i = 0; i < 1_000; i++)
        {
            total += Gap5.Merge(sessions, i % 120).Session.Start;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(long.MinValue, total);
    }

    [Fact]
    public void Description_and_validation()
    {
        Assert.Equal("session(gap=30m)", new SessionWindows(TimeSpan.FromMinutes(30)).Description);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SessionWindows(TimeSpan.Zero));
        Assert.Throws<OverflowException>(() => Gap5.Merge([], long.MaxValue));
    }

    /// <summary>The definition: sort, and cut wherever consecutive events are more than one gap apart.</summary>
    private static List<Window> BruteForceSessions(IEnumerable<long> times, long gap)
    {
        var sorted = times.Order().ToList();
        var sessions = new List<Window>();
        var i = 0;
        while (i < sorted.Count)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] - sorted[j] <= gap)
            {
                j++;
            }

            sessions.Add(new Window(sorted[i], sorted[j] + gap));
            i = j + 1;
        }

        return sessions;
    }

    [Fact]
    public void Property_merging_events_in_any_order_gives_the_brute_force_sessions()
    {
        var gen =
            from gap in Gen.Elements(1L, 2L, 5L, 10L, 37L)
            from times in Gen.ListOf(Gen.OneOf(Between(-200, 200), Between(-5_000, 5_000)))
            from order in Gen.Shuffle(times.ToArray())
            select (gap, order);

        Prop.ForAll(Arb.From(gen), input =>
        {
            var (gap, order) = input;
            var sessionWindows = new SessionWindows(gap);
            var sessions = new List<Window>();
            foreach (var t in order)
            {
                var before = sessions.ToArray();
                var merge = sessionWindows.Apply(sessions, t);

                // The merge absorbs exactly the sessions that overlap or touch [t, t + gap).
                var own = new Window(t, t + gap);
                var touching = Enumerable.Range(0, before.Length)
                    .Where(k => before[k].End >= own.Start && before[k].Start <= own.End)
                    .ToArray();
                Assert.Equal(touching, Enumerable.Range(merge.FirstAbsorbed, merge.AbsorbedCount).ToArray());
                Assert.True(merge.Session.Contains(t));
                Assert.Equal(merge.Unchanged, merge.AbsorbedCount == 1 && before[merge.FirstAbsorbed] == merge.Session);

                // Invariant: sorted, and separated by more than nothing (touching sessions would have merged).
                for (var k = 1; k < sessions.Count; k++)
                {
                    Assert.True(sessions[k].Start > sessions[k - 1].End, $"{sessions[k - 1]} and {sessions[k]} touch");
                }
            }

            Assert.Equal(BruteForceSessions(order, gap), sessions);
        }).Check(Thorough);
    }
}
