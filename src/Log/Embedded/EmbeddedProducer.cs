using Kappa.Log.Abstractions;
using Kappa.Log.Embedded.Storage;
using Kappa.Log.Embedded.Topics;
using Kappa.Log.Partitioning;

namespace Kappa.Log.Embedded;

/// <summary>
/// The embedded <see cref="ILogProducer"/>. Thread-safe and stateless but for the keyless round-robin counter.
/// An append is split by partition (keyed records by <see cref="KafkaPartitioner"/>, keyless records of one
/// append all to the next partition in turn, like Kafka's sticky partitioner), each partition's share is encoded
/// outside any lock, then written with one positional write under that partition's lock. The returned task is
/// complete when every share is written (and flushed with <see cref="EmbeddedLogOptions.FsyncOnAppend"/>).
/// </summary>
internal sealed class EmbeddedProducer : ILogProducer
{
    private readonly TopicRegistry _topics;
    private int _nextKeylessPartition = -1;
    private bool _disposed;

    public EmbeddedProducer(TopicRegistry topics) => _topics = topics;

    public ValueTask<AppendResult> AppendAsync(string topic, ReadOnlyMemory<ProducerRecord> records, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        TopicNames.Validate(topic);
        cancellationToken.ThrowIfCancellationRequested();
        var log = _topics.GetOrCreate(topic);
        var span = records.Span;
        var partitions = new int[span.Length];
        var offsets = new long[span.Length];
        if (span.IsEmpty)
        {
            return ValueTask.FromResult(new AppendResult(topic, partitions, offsets));
        }

        var single = AssignPartitions(span, log.PartitionCount, partitions);
        if (single >= 0)
        {
            Write(log.GetPartition(single), span, [], offsets);
        }
        else
        {
            WriteByPartition(log, span, partitions, offsets);
        }

        return ValueTask.FromResult(new AppendResult(topic, partitions, offsets));
    }

    public void Dispose() => _disposed = true;

    private static void WriteByPartition(TopicLog log, ReadOnlySpan<ProducerRecord> records, int[] partitions, long[] offsets)
    {
        // A counting sort groups record indexes by partition, keeping their order within each partition.
        var starts = new int[log.PartitionCount + 1];
        foreach (var partition in partitions)
        {
            starts[partition + 1]++;
        }

        for (var p = 0; p < log.PartitionCount; p++)
        {
            starts[p + 1] += starts[p];
        }

        var order = new int[records.Length];
        var fill = starts.AsSpan(0, log.PartitionCount).ToArray();
        for (var i = 0; i < partitions.Length; i++)
        {
            order[fill[partitions[i]]++] = i;
        }

        for (var p = 0; p < log.PartitionCount; p++)
        {
            var share = order.AsSpan(starts[p], starts[p + 1] - starts[p]);
            if (!share.IsEmpty)
            {
                Write(log.GetPartition(p), records, share, offsets);
            }
        }
    }

    /// <summary>Appends <c>records[share[i]]</c> (all records when <paramref name="share"/> is empty) and records their offsets.</summary>
    private static void Write(PartitionLog partition, ReadOnlySpan<ProducerRecord> records, ReadOnlySpan<int> share, long[] offsets)
    {
        using var frames = FrameEncoder.Encode(records, share);
        var baseOffset = partition.Append(frames);
        if (share.IsEmpty)
        {
            for (var i = 0; i < offsets.Length; i++)
            {
                offsets[i] = baseOffset + i;
            }
        }
        else
        {
            for (var i = 0; i < share.Length; i++)
            {
                offsets[share[i]] = baseOffset + i;
            }
        }
    }

    /// <summary>Fills <paramref name="partitions"/>; returns the partition when all records share one, else -1.</summary>
    private int AssignPartitions(ReadOnlySpan<ProducerRecord> records, int partitionCount, int[] partitions)
    {
        var keyless = -1;
        var first = -1;
        var single = true;
        for (var i = 0; i < records.Length; i++)
        {
            ref readonly var record = ref records[i];
            int partition;
            if (record.Partition is { } explicitPartition)
            {
                if ((uint)explicitPartition >= (uint)partitionCount)
                {
                    throw new ArgumentOutOfRangeException(nameof(records), explicitPartition, $"record {i} names partition {explicitPartition}, but the topic has {partitionCount}");
                }

                partition = explicitPartition;
            }
            else if (record.Key is { } key)
            {
                partition = KafkaPartitioner.Partition(key.Span, partitionCount);
            }
            else
            {
                if (keyless < 0)
                {
                    keyless = KafkaPartitioner.ToPositive(Interlocked.Increment(ref _nextKeylessPartition)) % partitionCount;
                }

                partition = keyless;
            }

            partitions[i] = partition;
            first = i == 0 ? partition : first;
            single &= partition == first;
        }

        return single ? first : -1;
    }
}
