namespace Kappa.Processor.Windows;

/// <summary>
/// Session windows: per key, events closer together than an inactivity gap form one session.
/// Sessions depend on the key's other events, so they are not an <see cref="IWindowAssigner"/>;
/// the pipeline keeps each key's sessions and calls <see cref="Merge"/> once per event.
/// </summary>
/// <remarks>
/// <para>
/// <b>Representation.</b> A session holding events at <c>t1 &lt;= … &lt;= tn</c> is the window
/// <c>[t1, tn + gap)</c>: it starts at its first event and ends one gap after its last, which is the
/// instant from which it is closed if nothing else arrives. A lone event at <c>t</c> is <c>[t, t + gap)</c>.
/// </para>
/// <para>
/// <b>The merge rule (Kafka Streams'), inclusive.</b> Two events belong to the same session when
/// the time between them is <b>at most</b> the gap: events at 0 and exactly <c>gap</c> share a
/// session, events at 0 and <c>gap + 1</c> do not. Kafka Streams' <c>SessionWindows</c> stores a
/// session as the closed interval <c>[t1, tn]</c> and merges a new event at <c>t</c> with every
/// stored session for which <c>tn &gt;= t - gap</c> and <c>t1 &lt;= t + gap</c>
/// (<c>findSessions(t - gap, t + gap)</c>). In this half-open representation that is: an existing
/// session <c>[s, e)</c> is absorbed by an event at <c>t</c> exactly when
/// <c>e &gt;= t</c> and <c>s &lt;= t + gap</c>, i.e. when <c>[s, e)</c> and the new event's own
/// session <c>[t, t + gap)</c> overlap <b>or touch</b> (end == start counts). The result is
/// <c>[min(t, s_first), max(t + gap, e_last))</c> over the absorbed sessions.
/// </para>
/// <para>
/// Because of that rule, the sessions of a set of events are the same whatever order the events
/// arrive in: they are the runs of the sorted event times split wherever two consecutive times are
/// more than <c>gap</c> apart. (Late events that Kafka would drop after its grace period are the
/// pipeline's business; <see cref="Merge"/> takes every event it is given.)
/// </para>
/// <para>Timestamps must leave room for <c>t + gap</c> in a <see cref="long"/>; otherwise
/// <see cref="OverflowException"/> is thrown.</para>
/// </remarks>
public sealed class SessionWindows
{
    /// <summary>Creates session windows with inactivity gap <paramref name="gap"/>.</summary>
    /// <param name="gap">The inactivity gap; positive, whole milliseconds.</param>
    public SessionWindows(TimeSpan gap)
        : this(WindowMath.ToPositiveMilliseconds(gap, nameof(gap)))
    {
    }

    /// <summary>Creates session windows with an inactivity gap of <paramref name="gapMs"/> milliseconds.</summary>
    public SessionWindows(long gapMs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(gapMs, 0);
        GapMs = gapMs;
        Description = $"session(gap={DurationText.Format(gapMs)})";
    }

    /// <summary>The inactivity gap in milliseconds.</summary>
    public long GapMs { get; }

    /// <summary>E.g. <c>session(gap=30m)</c>.</summary>
    public string Description { get; }

    /// <summary>The session of a lone event at <paramref name="timestampMs"/>: <c>[t, t + gap)</c>.</summary>
    public Window SessionOf(long timestampMs) => new(timestampMs, checked(timestampMs + GapMs));

    /// <summary>
    /// The merge step for one event. Given a key's existing sessions (sorted by start, pairwise
    /// non-overlapping and non-touching, as this method maintains them) and a new event at
    /// <paramref name="timestampMs"/>, returns the session the event ends up in and the contiguous
    /// range of existing sessions it absorbs (see the class remarks for the rule). Pure: reads the
    /// span, allocates nothing, O(log n + absorbed).
    /// </summary>
    /// <remarks>
    /// To apply the result, replace <c>sessions[result.FirstAbsorbed .. +result.AbsorbedCount]</c> with
    /// <c>result.Session</c> (or insert it at <c>FirstAbsorbed</c> when nothing is absorbed), as
    /// <see cref="Apply"/> does; the list stays sorted and separated.
    /// </remarks>
    public SessionMerge Merge(ReadOnlySpan<Window> sessions, long timestampMs)
    {
        var own = SessionOf(timestampMs);

        // First session that can be absorbed: the first with End >= t (ends are sorted too, since
        // sessions are sorted and disjoint).
        int low = 0, high = sessions.Length;
        while (low < high)
        {
            var mid = (int)((uint)(low + high) >> 1);
            if (sessions[mid].End < timestampMs)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        var first = low;
        var last = first;
        while (last < sessions.Length && sessions[last].Start <= own.End)
        {
            last++;
        }

        var count = last - first;
        if (count == 0)
        {
            return new SessionMerge(own, first, 0, false);
        }

        var merged = new Window(
            Math.Min(own.Start, sessions[first].Start),
            Math.Max(own.End, sessions[last - 1].End));
        var unchanged = count == 1 && merged == sessions[first];
        return new SessionMerge(merged, first, count, unchanged);
    }

    /// <summary>
    /// Applies <see cref="Merge"/> to a key's session list in place and returns the merge result
    /// (computed before the list changed, so its absorbed range refers to the old list).
    /// </summary>
    public SessionMerge Apply(List<Window> sessions, long timestampMs)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var merge = Merge(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sessions), timestampMs);
        if (merge.AbsorbedCount == 0)
        {
            sessions.Insert(merge.FirstAbsorbed, merge.Session);
        }
        else
        {
            sessions[merge.FirstAbsorbed] = merge.Session;
            if (merge.AbsorbedCount > 1)
            {
                sessions.RemoveRange(merge.FirstAbsorbed + 1, merge.AbsorbedCount - 1);
            }
        }

        return merge;
    }

    /// <inheritdoc />
    public override string ToString() => Description;
}

/// <summary>The outcome of <see cref="SessionWindows.Merge"/> for one event.</summary>
/// <param name="Session">The session the event belongs to after the merge.</param>
/// <param name="FirstAbsorbed">Index of the first existing session absorbed into <paramref name="Session"/>;
/// when none is absorbed, the index at which <paramref name="Session"/> is inserted to keep the list sorted.</param>
/// <param name="AbsorbedCount">How many consecutive existing sessions, from <paramref name="FirstAbsorbed"/>,
/// merge into <paramref name="Session"/>: 0 for a new session, 1 when the event extends or falls inside one
/// session, 2 or more when it bridges sessions.</param>
/// <param name="Unchanged">True when the event falls into one existing session without changing its bounds
/// (the pipeline only updates that session's aggregate).</param>
public readonly record struct SessionMerge(Window Session, int FirstAbsorbed, int AbsorbedCount, bool Unchanged)
{
    /// <summary>The absorbed sessions' index range in the list passed to <see cref="SessionWindows.Merge"/>.</summary>
    public Range Absorbed => new(FirstAbsorbed, FirstAbsorbed + AbsorbedCount);

    /// <summary>True when the event starts a session of its own, absorbing none.</summary>
    public bool IsNewSession => AbsorbedCount == 0;
}
