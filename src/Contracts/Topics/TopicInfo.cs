namespace Kappa.Contracts.Topics;

/// <summary>A topic as <c>GET /topics</c> shows it.</summary>
/// <param name="Name">The topic name.</param>
/// <param name="Partitions">Per-partition offsets.</param>
public sealed record TopicInfo(string Name, IReadOnlyList<PartitionInfo> Partitions)
{
    /// <summary>Records retained across all partitions.</summary>
    public long Records => Partitions.Sum(p => p.LatestOffset - p.EarliestOffset);
}

/// <summary>A partition's retained range.</summary>
/// <param name="Partition">The partition number.</param>
/// <param name="EarliestOffset">The first retained offset.</param>
/// <param name="LatestOffset">The offset the next record will get.</param>
public sealed record PartitionInfo(int Partition, long EarliestOffset, long LatestOffset);

/// <summary>The body of <c>POST /topics</c>.</summary>
/// <param name="Name">The topic name.</param>
/// <param name="Partitions">The partition count.</param>
public sealed record CreateTopicRequest(string Name, int Partitions);
