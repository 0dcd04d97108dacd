using Kappa.Log.Abstractions;

namespace Kappa.Log.Lag;

/// <summary>
/// Reads the timestamp of the record at an offset, for lag in seconds. Remembers the last answer per group and
/// partition, so a consumer that stands still costs one read, not one per sample. Used by one thread at a time.
/// </summary>
internal sealed class RecordTimestampReader(ILogConsumer consumer) : IDisposable
{
    private static readonly TimeSpan ReadWait = TimeSpan.FromSeconds(1);

    private readonly Dictionary<(string Group, TopicPartition Partition), (long Offset, long Timestamp)> _last = [];

    /// <summary>The timestamp (Unix ms) of the first record at or after <paramref name="offset"/>, or null when there is none.</summary>
    public async Task<long?> TimestampAtAsync(string group, TopicPartition partition, long offset, CancellationToken cancellationToken)
    {
        if (_last.TryGetValue((group, partition), out var known) && known.Offset == offset)
        {
            return known.Timestamp;
        }

        consumer.Assign([new TopicPartitionOffset(partition.Topic, partition.Partition, offset)]);
        var batch = await consumer.PollAsync(1, ReadWait, cancellationToken);
        if (batch.IsEmpty)
        {
            return null;
        }

        var timestamp = batch.Records[0].Timestamp;
        _last[(group, partition)] = (offset, timestamp);
        return timestamp;
    }

    /// <summary>Forgets every group and partition not in <paramref name="live"/>.</summary>
    public void Retain(IReadOnlySet<(string Group, TopicPartition Partition)> live)
    {
        foreach (var key in _last.Keys.Where(key => !live.Contains(key)).ToList())
        {
            _last.Remove(key);
        }
    }

    public void Dispose() => consumer.Dispose();
}
