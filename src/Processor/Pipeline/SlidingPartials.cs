using Kappa.Processor.Aggregates;
using Kappa.Processor.Windows;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// Combines one group key's 1 ms bucket partials, from every source partition, into its sliding windows. Tasks
/// aggregate exact per-millisecond buckets because a key's sliding windows depend on all of its events, which may sit
/// in several partitions; the windows are a function of the set of bucket times alone (<see cref="SlidingWindows"/>),
/// and a window's value is the merge of its member buckets' states (<c>s &lt;= t &lt;= s + d</c>), whatever partition
/// each came from. Aggregate merges are order-free, so the result does not depend on how the buckets were split.
/// </summary>
/// <remarks>
/// A change to the buckets at time <c>t</c> (a new bucket, or a bucket's state growing) can only create or change the
/// windows whose start is in <c>[t - d, t + 1]</c>: those containing <c>t</c>, and <c>t</c>'s own right window. Whether
/// such a window exists, and what it holds, depends only on the buckets in <c>[t - d - 1, t + d + 1]</c>. No window
/// ever disappears, as buckets never do.
/// </remarks>
internal static class SlidingPartials
{
    /// <summary>
    /// The windows, ascending by start, that changes at <paramref name="sortedChangedTimes"/> may have created or
    /// changed: every window that exists for the bucket times <paramref name="sortedTimes"/> and has its start in
    /// <c>[t - d, t + 1]</c> for some changed time <c>t</c>.
    /// </summary>
    /// <param name="sliding">The windows.</param>
    /// <param name="sortedTimes">The key's bucket times, ascending (duplicates allowed, e.g. one per partition); at
    /// least those in <c>[t - d - 1, t + d + 1]</c> for every changed time <c>t</c>.</param>
    /// <param name="sortedChangedTimes">The changed bucket times, ascending.</param>
    /// <param name="windows">Where the windows are appended.</param>
    public static void Affected(SlidingWindows sliding, ReadOnlySpan<long> sortedTimes, ReadOnlySpan<long> sortedChangedTimes, List<Window> windows)
    {
        var first = windows.Count;
        sliding.WindowsOf(sortedTimes, windows);
        var kept = first;
        for (var i = first; i < windows.Count; i++)
        {
            if (Touches(sliding, windows[i].Start, sortedChangedTimes))
            {
                windows[kept++] = windows[i];
            }
        }

        windows.RemoveRange(kept, windows.Count - kept);
    }

    /// <summary>
    /// Renders the windows that changes at <paramref name="changedTimes"/> may have changed (<see cref="Affected"/>),
    /// each merged from its member buckets' states.
    /// </summary>
    /// <param name="sliding">The windows.</param>
    /// <param name="buckets">The key's bucket partials (time, stored <see cref="RowState"/>), ascending by time, every
    /// partition's; at least those in <c>[t - d - 1, t + d + 1]</c> for every changed time <c>t</c>.</param>
    /// <param name="changedTimes">The changed bucket times, in any order.</param>
    /// <param name="aggregates">The view's aggregates.</param>
    /// <returns>Per affected window, ascending: its merged row, or why its buckets cannot be merged.</returns>
    /// <exception cref="FormatException">A bucket's state is not one of these aggregates'.</exception>
    public static List<(Window Window, RowState? Row, string? Error)> Combine(
        SlidingWindows sliding,
        IReadOnlyList<(long Time, byte[] State)> buckets,
        IReadOnlyCollection<long> changedTimes,
        IReadOnlyList<IAggregateFunction> aggregates)
    {
        var times = new long[buckets.Count];
        var rows = new RowState[buckets.Count];
        for (var i = 0; i < buckets.Count; i++)
        {
            times[i] = buckets[i].Time;
            if (i > 0 && times[i] < times[i - 1])
            {
                throw new ArgumentException("buckets must be in ascending time order", nameof(buckets));
            }

            rows[i] = RowState.Read(buckets[i].State, aggregates);
        }

        var changed = changedTimes.Distinct().Order().ToArray();
        var windows = new List<Window>();
        Affected(sliding, times, changed, windows);
        var result = new List<(Window, RowState?, string?)>(windows.Count);
        var tree = new BucketMergeTree(rows, aggregates);
        foreach (var window in windows)
        {
            var members = SlidingWindows.MembersOf(times, window);
            var merged = RowState.Create(window, aggregates);
            string? error = null;
            try
            {
                tree.MergeInto(merged.States, members.Start.Value, members.End.Value);
            }
            catch (AggregateInputException e)
            {
                error = $"sliding window {window}: {e.Message}";
            }

            result.Add((window, error is null ? merged : null, error));
        }

        return result;
    }

    // Whether a window starting at s can change with a bucket at some changed time t: s - 1 <= t <= s + d.
    private static bool Touches(SlidingWindows sliding, long start, ReadOnlySpan<long> sortedChangedTimes)
    {
        var index = sortedChangedTimes.BinarySearch(start - 1);
        if (index < 0)
        {
            index = ~index;
        }

        return index < sortedChangedTimes.Length && sortedChangedTimes[index] <= start + sliding.TimeDifferenceMs;
    }
}
