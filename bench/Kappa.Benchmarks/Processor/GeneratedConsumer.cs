using Kappa.Log.Abstractions;

namespace Kappa.Benchmarks.Processor;

/// <summary>
/// Serves assigned partitions of a <see cref="GeneratedLog"/> from memory, one partition per poll, reusing one
/// record array (a view task is done with a batch before it polls again). Past the end it waits out the poll's
/// time, as a tailing consumer does.
/// </summary>
internal sealed class GeneratedConsumer(string groupId, string topic, GeneratedPartition[] partitions, long[] committed) : ILogConsumer
{
    private readonly Dictionary<int, long> _positions = [];
    private LogRecord[] _records = [];

    public string GroupId => groupId;

    public IReadOnlyList<TopicPartition> Assignment => [.. _positions.Keys.Select(p => new TopicPartition(topic, p))];

    public void Assign(IReadOnlyList<TopicPartitionOffset> partitions)
    {
        _positions.Clear();
        foreach (var entry in partitions)
        {
            Seek(entry);
        }
    }

    public void Seek(TopicPartitionOffset position) =>
        _positions[position.Partition] = position.Offset == LogOffset.Beginning ? 0 : position.Offset;

    public long Position(TopicPartition partition) => _positions[partition.Partition];

    public async ValueTask<RecordBatch> PollAsync(int maxRecords, TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var (partition, position) in _positions)
        {
            var source = partitions[partition];
            var count = (int)Math.Min(maxRecords, source.Count - position);
            if (count <= 0)
            {
                continue;
            }

            if (_records.Length < count)
            {
                _records = new LogRecord[maxRecords];
            }

            for (var i = 0; i < count; i++)
            {
                var index = (int)position + i;
                _records[i] = new LogRecord(topic, partition, index, source.Timestamp(index), source.Key(index), source.Value(index), default);
            }

            _positions[partition] = position + count;
            return new RecordBatch(_records, count);
        }

        await Task.Delay(maxWait, cancellationToken);
        return RecordBatch.Empty;
    }

    public Task CommitAsync(IReadOnlyList<TopicPartitionOffset> offsets, CancellationToken cancellationToken = default)
    {
        foreach (var offset in offsets)
        {
            Volatile.Write(ref committed[offset.Partition], offset.Offset);
        }

        return Task.CompletedTask;
    }

    public Task<long?> CommittedAsync(TopicPartition partition, CancellationToken cancellationToken = default) =>
        Task.FromResult<long?>(committed[partition.Partition] < 0 ? null : committed[partition.Partition]);

    public WatermarkOffsets GetWatermarks(TopicPartition partition) => new(0, partitions[partition.Partition].Count);

    public Task<long> OffsetForTimestampAsync(TopicPartition partition, long timestamp, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the generated log does not index time");

    public void Dispose()
    {
    }
}
