using Confluent.Kafka;
using Kappa.Log.Abstractions;
using Kappa.Log.Kafka.Consuming;
using TopicPartition = Kappa.Log.Abstractions.TopicPartition;
using TopicPartitionOffset = Kappa.Log.Abstractions.TopicPartitionOffset;
using WatermarkOffsets = Kappa.Log.Abstractions.WatermarkOffsets;

namespace Kappa.Log.Kafka;

/// <summary>
/// The Kafka <see cref="ILogConsumer"/>: explicit assignment, as the contract requires (Kappa's processor owns its
/// offsets), batched polls, and commits only when asked. The librdkafka consumer is made on first need, so a
/// consumer used only for watermarks (the HTTP topic listing makes one per request) costs no connection; watermarks
/// and offsets for timestamps go through the log's shared metadata client. Symbolic offsets are resolved on
/// assignment, so <see cref="Position"/> is exact before the first poll, as in the embedded log.
/// </summary>
internal sealed class KafkaConsumer(KafkaLog log, string groupId) : ILogConsumer
{
    private readonly Dictionary<TopicPartition, long> _assigned = [];

    // Positions set by Seek, until the next poll: librdkafka reports the old position until it fetched from the new one.
    private readonly Dictionary<TopicPartition, long> _sought = [];
    private BatchReader? _reader;
    private TopicPartition[] _assignment = [];
    private bool _disposed;

    public string GroupId { get; } = groupId;

    public IReadOnlyList<TopicPartition> Assignment => _assignment;

    private BatchReader Reader => _reader ??= log.CreateReader(GroupId);

    public void Assign(IReadOnlyList<TopicPartitionOffset> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var resolved = new Dictionary<TopicPartition, long>();
        foreach (var entry in partitions)
        {
            TopicNames.Validate(entry.Topic);
            if (!resolved.TryAdd(entry.TopicPartition, Resolve(entry)))
            {
                throw new ArgumentException($"{entry.TopicPartition} is assigned twice", nameof(partitions));
            }
        }

        _assigned.Clear();
        _sought.Clear();
        foreach (var (partition, offset) in resolved)
        {
            _assigned[partition] = offset;
        }

        _assignment = [.. partitions.Select(p => p.TopicPartition)];
        AssignClient();
    }

    public void Seek(TopicPartitionOffset position)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var partition = position.TopicPartition;
        if (!_assigned.ContainsKey(partition))
        {
            throw new InvalidOperationException($"{partition} is not assigned to this consumer");
        }

        var offset = Resolve(position);
        _assigned[partition] = offset;
        _sought[partition] = offset;
        try
        {
            Reader.Consumer.Seek(new Confluent.Kafka.TopicPartitionOffset(partition.Topic, partition.Partition, offset));
        }
        catch (KafkaException e) when (e.Error.Code == ErrorCode.Local_State)
        {
            // The partition's fetcher has not started yet: its start offset is the one to change.
            AssignClient();
        }
    }

    public long Position(TopicPartition partition)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_assigned.TryGetValue(partition, out var assigned))
        {
            throw new InvalidOperationException($"{partition} is not assigned to this consumer");
        }

        if (_sought.TryGetValue(partition, out var sought))
        {
            return sought;
        }

        var consumed = _reader?.Consumer.Position(Native(partition)) ?? Offset.Unset;
        return consumed.Value >= 0 ? consumed.Value : assigned;
    }

    public ValueTask<RecordBatch> PollAsync(int maxRecords, TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_assignment.Length == 0)
        {
            return WaitEmptyAsync(maxWait, cancellationToken);
        }

        return _sought.Count == 0 ? Reader.PollAsync(maxRecords, maxWait, cancellationToken) : PollAfterSeekAsync(maxRecords, maxWait, cancellationToken);
    }

    public Task CommitAsync(IReadOnlyList<TopicPartitionOffset> offsets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (offsets.Count == 0)
        {
            return Task.CompletedTask;
        }

        // librdkafka's commit blocks for a round trip to the group coordinator. Tasks commit several times a second
        // each, so it runs on a thread of its own: blocked thread-pool threads starve every other task on the host.
        var commits = offsets.Select(o => new Confluent.Kafka.TopicPartitionOffset(o.Topic, o.Partition, o.Offset)).ToList();
        return Task.Factory.StartNew(
            () =>
            {
                try
                {
                    Reader.Consumer.Commit(commits);
                }
                catch (KafkaException e)
                {
                    throw KafkaErrors.For($"commit offsets of group '{GroupId}'", e);
                }

                log.NoteCommittedGroup(GroupId);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    public Task<long?> CommittedAsync(TopicPartition partition, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Committed(partition));
    }

    public WatermarkOffsets GetWatermarks(TopicPartition partition)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return log.GetWatermarks(partition);
    }

    public Task<long> OffsetForTimestampAsync(TopicPartition partition, long timestamp, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(log.OffsetForTimestamp(partition, timestamp));
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _reader?.Consumer.Dispose();
    }

    private static Confluent.Kafka.TopicPartition Native(TopicPartition partition) => new(partition.Topic, partition.Partition);

    private static async ValueTask<RecordBatch> WaitEmptyAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        await Task.Delay(maxWait, cancellationToken);
        return RecordBatch.Empty;
    }

    private async ValueTask<RecordBatch> PollAfterSeekAsync(int maxRecords, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var batch = await Reader.PollAsync(maxRecords, maxWait, cancellationToken);
        foreach (ref readonly var record in batch.Records)
        {
            _sought.Remove(new TopicPartition(record.Topic, record.Partition));
        }

        return batch;
    }

    private void AssignClient() =>
        Reader.Consumer.Assign(_assignment.Select(p => new Confluent.Kafka.TopicPartitionOffset(p.Topic, p.Partition, _assigned[p])));

    private long? Committed(TopicPartition partition)
    {
        try
        {
            var committed = Reader.Consumer.Committed([Native(partition)], log.Options.RequestTimeout);
            return committed.Count == 1 && committed[0].Offset.Value >= 0 ? committed[0].Offset.Value : null;
        }
        catch (KafkaException e)
        {
            throw KafkaErrors.For($"read the committed offset of group '{GroupId}' for {partition}", e);
        }
    }

    /// <summary>An absolute offset, with the embedded log's meaning for symbolic ones and for offsets outside the log.</summary>
    private long Resolve(TopicPartitionOffset position)
    {
        var offset = position.Offset;
        if (offset == LogOffset.Stored)
        {
            offset = Committed(position.TopicPartition) ?? LogOffset.Beginning;
        }

        if (offset is not (>= 0 or LogOffset.Beginning or LogOffset.End))
        {
            throw new ArgumentOutOfRangeException(nameof(position), offset, "an offset is absolute (>= 0) or one of LogOffset's");
        }

        // A topic that does not exist yet is empty: its beginning and end are both 0.
        var watermarks = log.TryGetWatermarks(position.TopicPartition) ?? default;
        return offset switch
        {
            LogOffset.Beginning => watermarks.Low,
            LogOffset.End => watermarks.High,
            _ when offset < watermarks.Low || offset > watermarks.High => watermarks.Low,
            _ => offset,
        };
    }
}
