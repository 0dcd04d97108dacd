namespace Kappa.Processor.Aggregates;

/// <summary>
/// Where an event sits: its event time, then its log partition and offset. The order is total and the same on
/// every replay, so "first" and "last" never depend on arrival order: ties in event time go to the lower
/// partition, then to the lower offset.
/// </summary>
/// <param name="EventTime">The event time, in milliseconds since the Unix epoch.</param>
/// <param name="Partition">The log partition the event was read from.</param>
/// <param name="Offset">The event's offset within its partition.</param>
public readonly record struct EventPosition(long EventTime, int Partition, long Offset) : IComparable<EventPosition>
{
    /// <summary>Compares by event time, then partition, then offset.</summary>
    /// <param name="other">The position to compare with.</param>
    /// <returns>Negative when this position comes first, zero when equal, positive when it comes later.</returns>
    public int CompareTo(EventPosition other)
    {
        var byTime = EventTime.CompareTo(other.EventTime);
        if (byTime != 0)
        {
            return byTime;
        }

        var byPartition = Partition.CompareTo(other.Partition);
        return byPartition != 0 ? byPartition : Offset.CompareTo(other.Offset);
    }

    /// <summary>Whether <paramref name="left"/> comes before <paramref name="right"/>.</summary>
    /// <param name="left">The first position.</param>
    /// <param name="right">The second position.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is earlier.</returns>
    public static bool operator <(EventPosition left, EventPosition right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> comes after <paramref name="right"/>.</summary>
    /// <param name="left">The first position.</param>
    /// <param name="right">The second position.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is later.</returns>
    public static bool operator >(EventPosition left, EventPosition right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> does not come after <paramref name="right"/>.</summary>
    /// <param name="left">The first position.</param>
    /// <param name="right">The second position.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is earlier or equal.</returns>
    public static bool operator <=(EventPosition left, EventPosition right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> does not come before <paramref name="right"/>.</summary>
    /// <param name="left">The first position.</param>
    /// <param name="right">The second position.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is later or equal.</returns>
    public static bool operator >=(EventPosition left, EventPosition right) => left.CompareTo(right) >= 0;
}
