namespace Kappa.Log.Lag;

/// <summary>
/// Every monitored consumer group's lag at one moment: what <c>GET /lag</c>, <c>kappa lag</c>, the metrics and the
/// readiness check show. Groups are ordered by id. Numbers are never NaN: an empty report has zero totals.
/// </summary>
/// <param name="At">When the sample was taken.</param>
/// <param name="Status">The worst status of any group, <see cref="LagStatus.Ok"/> when there is none.</param>
/// <param name="LagRecords">Records not yet consumed, summed over every group and partition.</param>
/// <param name="LagSeconds">The largest lag in seconds of any partition.</param>
/// <param name="Groups">The groups.</param>
public sealed record LagReport(DateTimeOffset At, LagStatus Status, long LagRecords, double LagSeconds, IReadOnlyList<GroupLag> Groups)
{
    /// <summary>The report before the first sample: no groups.</summary>
    public static LagReport Empty { get; } = new(DateTimeOffset.UnixEpoch, LagStatus.Ok, 0, 0, []);

    /// <summary>Rolls groups up into a report.</summary>
    public static LagReport From(DateTimeOffset at, IReadOnlyList<GroupLag> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        return new(
            at,
            groups.Count == 0 ? LagStatus.Ok : groups.Max(g => g.Status),
            groups.Sum(g => g.LagRecords),
            groups.Count == 0 ? 0 : groups.Max(g => g.LagSeconds),
            groups);
    }
}

/// <summary>One consumer group: its worst partition status and its totals.</summary>
/// <param name="Group">The group id.</param>
/// <param name="Status">The worst status of its partitions.</param>
/// <param name="LagRecords">Records not yet consumed, summed over its partitions.</param>
/// <param name="LagSeconds">The largest lag in seconds of its partitions.</param>
/// <param name="Partitions">Its partitions, ordered by topic and partition.</param>
public sealed record GroupLag(string Group, LagStatus Status, long LagRecords, double LagSeconds, IReadOnlyList<PartitionLag> Partitions)
{
    /// <summary>Rolls partitions up into a group.</summary>
    public static GroupLag From(string group, IReadOnlyList<PartitionLag> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        return new(
            group,
            partitions.Count == 0 ? LagStatus.Ok : partitions.Max(p => p.Status),
            partitions.Sum(p => p.LagRecords),
            partitions.Count == 0 ? 0 : partitions.Max(p => p.LagSeconds),
            partitions);
    }
}

/// <summary>One group's lag on one partition.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="LogEndOffset">The high watermark: the offset the next appended record gets.</param>
/// <param name="CommittedOffset">The group's committed offset: the next record it will read.</param>
/// <param name="LagRecords">Records not yet consumed: log end minus the larger of committed offset and low watermark.</param>
/// <param name="LagSeconds">
/// Now minus the timestamp of the oldest unconsumed record, 0 when caught up; it keeps growing while the consumer
/// stands still, because it is measured against the live log, not at commit time.
/// </param>
/// <param name="Status">The evaluation of the sliding window (see <see cref="LagStatus"/>).</param>
public sealed record PartitionLag(
    string Topic,
    int Partition,
    long LogEndOffset,
    long CommittedOffset,
    long LagRecords,
    double LagSeconds,
    LagStatus Status);
