namespace Kappa.Log.Partitioning;

/// <summary>
/// Kafka's default partitioner for keyed records: <c>toPositive(murmur2(key)) % numPartitions</c>, exactly as
/// the Java client computes it. Keyless records are placed by the producer (round-robin per append).
/// </summary>
public static class KafkaPartitioner
{
    /// <summary>The partition of <paramref name="key"/> among <paramref name="partitionCount"/> partitions.</summary>
    public static int Partition(ReadOnlySpan<byte> key, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        return ToPositive(Murmur2.Hash(key)) % partitionCount;
    }

    /// <summary>Java's <c>Utils.toPositive</c>: clears the sign bit (it is not <c>Math.Abs</c>).</summary>
    public static int ToPositive(int number) => number & 0x7fffffff;
}
