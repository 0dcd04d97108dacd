namespace Kappa.Log.Abstractions;

/// <summary>A partition of a topic: the unit of order, of assignment and of scale.</summary>
public readonly record struct TopicPartition(string Topic, int Partition)
{
    /// <inheritdoc />
    public override string ToString() => $"{Topic}[{Partition}]";
}

/// <summary>A position in a partition. Special offsets follow Kafka: <see cref="LogOffset"/>.</summary>
public readonly record struct TopicPartitionOffset(string Topic, int Partition, long Offset)
{
    /// <summary>The partition this offset belongs to.</summary>
    public TopicPartition TopicPartition => new(Topic, Partition);

    /// <inheritdoc />
    public override string ToString() => $"{Topic}[{Partition}]@{Offset}";
}

/// <summary>Symbolic offsets, with Kafka's values so they cross the adapter unchanged.</summary>
public static class LogOffset
{
    /// <summary>The first retained record of a partition.</summary>
    public const long Beginning = -2;

    /// <summary>The position after the last record of a partition.</summary>
    public const long End = -1;

    /// <summary>The group's committed offset, or <see cref="Beginning"/> when it has none.</summary>
    public const long Stored = -1000;
}

/// <summary>
/// The low and high watermarks of a partition. Invariant: <c>Low &lt;= High</c>; <c>High</c> is the offset
/// the next appended record will get, so <c>High - Low</c> records are retained.
/// </summary>
public readonly record struct WatermarkOffsets(long Low, long High);
