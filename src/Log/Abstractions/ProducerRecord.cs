namespace Kappa.Log.Abstractions;

/// <summary>
/// A record handed to <see cref="ILogProducer.AppendAsync"/>. Key and value are slices, so a producer can
/// carve a whole batch out of one buffer. <c>null</c> differs from empty: a null value is a tombstone
/// on compacted topics, and a null key lets the partitioner choose.
/// </summary>
/// <param name="Key">The key bytes, or null.</param>
/// <param name="Value">The value bytes, or null.</param>
/// <param name="Timestamp">Event time in Unix milliseconds, as Kafka's CreateTime.</param>
/// <param name="Partition">An explicit partition, or null to partition by key.</param>
/// <param name="Headers">Headers, or null. Rare on hot paths (dead letters, late records, traces).</param>
public readonly record struct ProducerRecord(
    ReadOnlyMemory<byte>? Key,
    ReadOnlyMemory<byte>? Value,
    long Timestamp,
    int? Partition = null,
    IReadOnlyList<RecordHeader>? Headers = null);

/// <summary>A record header: a UTF-8 name and opaque bytes, as in Kafka.</summary>
public readonly record struct RecordHeader(string Name, ReadOnlyMemory<byte> Value);

/// <summary>Where the records of one append landed, index for index with the input.</summary>
public sealed class AppendResult
{
    /// <summary>Creates a result over the given arrays, which the result then owns.</summary>
    public AppendResult(string topic, int[] partitions, long[] offsets)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        ArgumentNullException.ThrowIfNull(offsets);
        if (partitions.Length != offsets.Length)
        {
            throw new ArgumentException("partitions and offsets must have the same length", nameof(offsets));
        }

        Topic = topic;
        Partitions = partitions;
        Offsets = offsets;
    }

    /// <summary>The topic appended to.</summary>
    public string Topic { get; }

    /// <summary>The partition of record i.</summary>
    public IReadOnlyList<int> Partitions { get; }

    /// <summary>The offset of record i within its partition.</summary>
    public IReadOnlyList<long> Offsets { get; }
}
