namespace Kappa.Processor.Windows;

/// <summary>
/// Sliding windows with Kafka Streams' <c>SlidingWindows.ofTimeDifference…</c> semantics: windows of
/// a fixed size, aligned to the records' timestamps rather than the epoch, such that two records
/// of a key share a window exactly when their timestamps differ by at most the time difference.
/// A window exists for every distinct set of records that a window of that size can cover as it
/// slides: a new window appears when a record enters it or leaves it. They depend on the key's other
/// records, so they are not an <see cref="IWindowAssigner"/>; the pipeline calls <see cref="Update"/>
/// once per record.
/// </summary>
/// <remarks>
/// <para>
/// <b>Shape.</b> With time difference <c>d</c>, Kafka's windows are closed intervals
/// <c>[s, s + d]</c> (both bounds inclusive). Here every window is half-open, so the same window is
/// <c>Window(s, s + d + 1)</c>: its <see cref="Window.LengthMs"/> is <c>d + 1</c>
/// (<see cref="SizeMs"/>). Records at <c>t</c> and <c>t + d</c> share a window; <c>t</c> and
/// <c>t + d + 1</c> do not.
/// </para>
/// <para>
/// <b>Which windows exist.</b> For a key whose records have the timestamp set <c>R</c>:
/// <list type="bullet">
/// <item>every record <c>r</c> has a <i>left window</i> ending at it: start <c>r - d</c>
/// (Kafka's <c>[r - d, r]</c>);</item>
/// <item>a record <c>r</c> has a <i>right window</i> starting just after it, start <c>r + 1</c>
/// (Kafka's <c>[r + 1, r + 1 + d]</c>), exactly when some record lies in <c>[r + 1, r + 1 + d]</c>;
/// empty windows are never created.</item>
/// </list>
/// A left and a right window with the same start are one window. A window's members are the records
/// <c>m</c> with <c>s &lt;= m &lt;= s + d</c>. This is a function of the set <c>R</c> only, so the
/// windows and their contents do not depend on arrival order (a late record creates and updates the
/// same windows its on-time arrival would have). Duplicate timestamps are separate members of the
/// same windows. Unlike Kafka Streams, which clamps records earlier than <c>d</c> into a window
/// <c>[0, d]</c> because it cannot store negative window starts, negative starts are allowed here,
/// so there is no special case near the epoch. Grace periods and dropping late records are the
/// pipeline's business.
/// </para>
/// <para>
/// <b>What a record affects.</b> A record at <c>t</c> is in every existing window whose start is in
/// <c>[t - d, t]</c>; it may create its own left window, the right window of an earlier record
/// (which then contains it), and its own right window (which does not contain it: it holds the later
/// records within <c>d + 1</c>). No window ever disappears. Deciding all of this needs only the
/// key's record times in <see cref="RelevantRange"/> of <c>t</c>.
/// </para>
/// </remarks>
public sealed class SlidingWindows
{
    /// <summary>Creates sliding windows with the given maximum time difference between records in one window.</summary>
    /// <param name="timeDifference">Non-negative, whole milliseconds.</param>
    public SlidingWindows(TimeSpan timeDifference)
        : this(WindowMath.ToMilliseconds(timeDifference, nameof(timeDifference)))
    {
    }

    /// <summary>Creates sliding windows with a time difference of <paramref name="timeDifferenceMs"/> milliseconds.</summary>
    public SlidingWindows(long timeDifferenceMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(timeDifferenceMs);
        ArgumentOutOfRangeException.ThrowIfEqual(timeDifferenceMs, long.MaxValue);
        TimeDifferenceMs = timeDifferenceMs;
        Description = $"sliding(timeDifference={DurationText.Format(timeDifferenceMs)})";
    }

    /// <summary>The largest difference between two record timestamps in one window (<c>d</c>), in milliseconds.</summary>
    public long TimeDifferenceMs { get; }

    /// <summary>The half-open length of every window: <c>d + 1</c> milliseconds.</summary>
    public long SizeMs => TimeDifferenceMs + 1;

    /// <summary>For retention: every window is exactly <see cref="SizeMs"/> long.</summary>
    public long MaxSizeMs => SizeMs;

    /// <summary>E.g. <c>sliding(timeDifference=5m)</c>.</summary>
    public string Description { get; }

    /// <summary>The window starting at <paramref name="startMs"/>: <c>[start, start + d + 1)</c>.</summary>
    public Window WindowAt(long startMs) => new(startMs, checked(startMs + TimeDifferenceMs + 1));

    /// <summary>
    /// The inclusive range of record times that <see cref="Update"/> reads for a record at
    /// <paramref name="timestampMs"/>: <c>[t - d - 1, t + d + 1]</c>. Times outside it may be left out
    /// of the span passed to <see cref="Update"/> without changing the result.
    /// </summary>
    public (long FromMs, long ToMs) RelevantRange(long timestampMs)
    {
        checked
        {
            return (timestampMs - TimeDifferenceMs - 1, timestampMs + TimeDifferenceMs + 1);
        }
    }

    /// <summary>
    /// The incremental step for one record. Given the key's record times seen so far
    /// (<paramref name="sortedTimes"/>: ascending, duplicates allowed, not including the new record;
    /// at least those in <see cref="RelevantRange"/>) and a new record at <paramref name="timestampMs"/>,
    /// appends to <paramref name="updates"/>, in ascending start order, every window the record changes:
    /// each window that contains the new record (existing or new) and, when it is new, the record's own
    /// right window (which does not contain it). Windows not listed are unchanged. Allocates nothing
    /// when <paramref name="updates"/> has capacity.
    /// </summary>
    /// <remarks>
    /// For a window with <see cref="SlidingWindowUpdate.IsNew"/> false, fold the new record into its
    /// aggregate. For a new window, build its aggregate from its members: the records of
    /// <paramref name="sortedTimes"/> in <see cref="MembersOf"/>, plus the new record when
    /// <see cref="SlidingWindowUpdate.ContainsNewRecord"/>.
    /// </remarks>
    /// <exception cref="OverflowException">The window bounds around <paramref name="timestampMs"/> do not fit in a <see cref="long"/>.</exception>
    public void Update(ReadOnlySpan<long> sortedTimes, long timestampMs, List<SlidingWindowUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var t = timestampMs;
        var d = TimeDifferenceMs;
        _ = checked(t - d - 1);
        _ = checked(t + d + 2);

        // Windows containing t after the insert have starts in [t - d, t]. They are the left windows
        // of the records in [t, t + d] (t itself first) and the right windows of the records in
        // [t - d - 1, t - 1] (each of which now has t within d + 1 after it, so its right window exists).
        var leftIndex = LowerBound(sortedTimes, t);
        var leftEnd = UpperBound(sortedTimes, t + d);
        var rightIndex = LowerBound(sortedTimes, t - d - 1);
        var rightEnd = leftIndex;

        var pendingOwnLeft = true;
        var haveLast = false;
        long last = 0;
        while (true)
        {
            long candidate;
            var leftAvailable = pendingOwnLeft || leftIndex < leftEnd;
            var leftStart = pendingOwnLeft ? t - d : leftAvailable ? sortedTimes[leftIndex] - d : long.MaxValue;
            var rightAvailable = rightIndex < rightEnd;
            var rightStart = rightAvailable ? sortedTimes[rightIndex] + 1 : long.MaxValue;
            if (!leftAvailable && !rightAvailable)
            {
                break;
            }

            if (leftAvailable && (!rightAvailable || leftStart <= rightStart))
            {
                candidate = leftStart;
                if (pendingOwnLeft)
                {
                    pendingOwnLeft = false;
                }
                else
                {
                    leftIndex++;
                }
            }
            else
            {
                candidate = rightStart;
                rightIndex++;
            }

            if (haveLast && candidate == last)
            {
                continue;
            }

            haveLast = true;
            last = candidate;
            var members = CountIn(sortedTimes, candidate, candidate + d) + 1;
            updates.Add(new SlidingWindowUpdate(WindowAt(candidate), !ExistedBefore(sortedTimes, candidate), true, members));
        }

        // The record's own right window [t + 1, t + 1 + d]: new when it has members and did not exist.
        var ownRightStart = t + 1;
        var ownRightMembers = CountIn(sortedTimes, ownRightStart, ownRightStart + d);
        if (ownRightMembers > 0 && !ExistedBefore(sortedTimes, ownRightStart))
        {
            updates.Add(new SlidingWindowUpdate(WindowAt(ownRightStart), true, false, ownRightMembers));
        }
    }

    /// <summary>
    /// Every window of a key whose record times are <paramref name="sortedTimes"/> (ascending), appended
    /// to <paramref name="windows"/> in ascending start order: the definition in the class remarks,
    /// evaluated in one pass. For rebuilding state or checking it.
    /// </summary>
    public void WindowsOf(ReadOnlySpan<long> sortedTimes, List<Window> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var d = TimeDifferenceMs;
        var first = windows.Count;
        for (var i = 0; i < sortedTimes.Length; i++)
        {
            var r = sortedTimes[i];
            if (i > 0 && sortedTimes[i - 1] == r)
            {
                continue;
            }

            windows.Add(WindowAt(r - d));
            var next = UpperBound(sortedTimes, r);
            if (next < sortedTimes.Length && sortedTimes[next] <= r + 1 + d)
            {
                windows.Add(WindowAt(r + 1));
            }
        }

        var added = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(windows)[first..];
        added.Sort();
        var kept = 0;
        for (var i = 0; i < added.Length; i++)
        {
            if (kept == 0 || added[i] != added[kept - 1])
            {
                added[kept++] = added[i];
            }
        }

        windows.RemoveRange(first + kept, added.Length - kept);
    }

    /// <summary>
    /// The index range of <paramref name="sortedTimes"/> (ascending) that falls in <paramref name="window"/>:
    /// the members of a sliding window among those records.
    /// </summary>
    public static Range MembersOf(ReadOnlySpan<long> sortedTimes, Window window)
    {
        var from = LowerBound(sortedTimes, window.Start);
        var to = Math.Max(from, LowerBound(sortedTimes, window.End));
        return new Range(from, to);
    }

    /// <inheritdoc />
    public override string ToString() => Description;

    // Whether the window starting at s existed for the records before the insert: it is the left
    // window of a record at s + d, or the right window of a record at s - 1 that has a record in [s, s + d].
    private bool ExistedBefore(ReadOnlySpan<long> sortedTimes, long start)
    {
        var d = TimeDifferenceMs;
        return Contains(sortedTimes, start + d)
            || (Contains(sortedTimes, start - 1) && CountIn(sortedTimes, start, start + d) > 0);
    }

    private static bool Contains(ReadOnlySpan<long> sortedTimes, long value)
    {
        var index = LowerBound(sortedTimes, value);
        return index < sortedTimes.Length && sortedTimes[index] == value;
    }

    // Number of times in the inclusive range [from, to].
    private static int CountIn(ReadOnlySpan<long> sortedTimes, long from, long to) =>
        UpperBound(sortedTimes, to) - LowerBound(sortedTimes, from);

    // First index whose time is >= value.
    private static int LowerBound(ReadOnlySpan<long> sortedTimes, long value)
    {
        int low = 0, high = sortedTimes.Length;
        while (low < high)
        {
            var mid = (int)((uint)(low + high) >> 1);
            if (sortedTimes[mid] < value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    // First index whose time is > value.
    private static int UpperBound(ReadOnlySpan<long> sortedTimes, long value)
    {
        int low = 0, high = sortedTimes.Length;
        while (low < high)
        {
            var mid = (int)((uint)(low + high) >> 1);
            if (sortedTimes[mid] <= value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}

/// <summary>One window changed by a record, as reported by <see cref="SlidingWindows.Update"/>.</summary>
/// <param name="Window">The window, half-open: <c>[start, start + d + 1)</c>.</param>
/// <param name="IsNew">True when the window did not exist before this record: initialise its aggregate from its members.
/// False: it existed and contains the new record; fold the record in.</param>
/// <param name="ContainsNewRecord">Whether the new record is a member. False only for the record's own new right window.</param>
/// <param name="MemberCount">The number of records in the window after the update, the new record included when it is a member.</param>
public readonly record struct SlidingWindowUpdate(Window Window, bool IsNew, bool ContainsNewRecord, int MemberCount);
