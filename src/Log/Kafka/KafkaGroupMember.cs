using Confluent.Kafka;
using Kappa.Log.Abstractions;
using Kappa.Log.Kafka.Consuming;
using TopicPartition = Kappa.Log.Abstractions.TopicPartition;
using TopicPartitionOffset = Kappa.Log.Abstractions.TopicPartitionOffset;

namespace Kappa.Log.Kafka;

/// <summary>
/// A member of a Kafka consumer group that Kafka assigns partitions to (cooperative-sticky), for workers that share
/// topics: made by <see cref="KafkaLog.JoinGroup"/>. Used by one thread at a time. Assignment changes are reported
/// through the callbacks during <see cref="PollAsync"/> (incrementally: only the partitions that move), and a batch
/// never holds records of a partition revoked while it was read. Offsets are committed only by
/// <see cref="CommitAsync"/>; a new owner starts from the group's committed offset, or the beginning.
/// </summary>
public sealed class KafkaGroupMember : IDisposable
{
    private readonly BatchReader _reader;
    private readonly HashSet<TopicPartition> _assignment = [];
    private readonly HashSet<TopicPartition> _revokedDuringPoll = [];
    private readonly Action<IReadOnlyList<TopicPartition>> _assigned;
    private readonly Action<IReadOnlyList<TopicPartition>> _revoked;
    private readonly Action<IReadOnlyList<TopicPartition>> _lost;
    private bool _disposed;

    internal KafkaGroupMember(
        KafkaLog log,
        string groupId,
        IReadOnlyList<string> topics,
        Action<IReadOnlyList<TopicPartition>> assigned,
        Action<IReadOnlyList<TopicPartition>> revoked,
        Action<IReadOnlyList<TopicPartition>>? lost = null)
    {
        GroupId = groupId;
        _assigned = assigned;
        _revoked = revoked;
        _lost = lost ?? revoked;
        _reader = log.CreateReader(groupId, builder => builder
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked([.. partitions.Select(p => p.TopicPartition)], _revoked))
            .SetPartitionsLostHandler((_, partitions) => OnRevoked([.. partitions.Select(p => p.TopicPartition)], _lost)));
        _reader.Consumer.Subscribe(topics);
    }

    /// <summary>The consumer group.</summary>
    public string GroupId { get; }

    /// <summary>The partitions this member owns now.</summary>
    public IReadOnlyCollection<TopicPartition> Assignment => _assignment;

    /// <summary>As <see cref="ILogConsumer.PollAsync"/>, over the partitions the group assigns this member.</summary>
    public async ValueTask<RecordBatch> PollAsync(int maxRecords, TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _revokedDuringPoll.Clear();
        var batch = await _reader.PollAsync(maxRecords, maxWait, cancellationToken);
        return _revokedDuringPoll.Count == 0 ? batch : WithoutRevoked(batch);
    }

    /// <summary>
    /// Stops fetching every partition this member owns, for members that only hold ownership and read through other
    /// consumers. Partitions assigned later are fetched until this is called again.
    /// </summary>
    internal void PauseAssignment()
    {
        if (_assignment.Count > 0)
        {
            _reader.Consumer.Pause(_assignment.Select(p => new Confluent.Kafka.TopicPartition(p.Topic, p.Partition)));
        }
    }

    /// <summary>Commits offsets for the group: each offset is the next record to read.</summary>
    public Task CommitAsync(IReadOnlyList<TopicPartitionOffset> offsets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            _reader.Consumer.Commit(offsets.Select(o => new Confluent.Kafka.TopicPartitionOffset(o.Topic, o.Partition, o.Offset)));
        }
        catch (KafkaException e)
        {
            throw KafkaErrors.For($"commit offsets of group '{GroupId}'", e);
        }

        return Task.CompletedTask;
    }

    /// <summary>Leaves the group (its partitions are revoked first, so the callback can flush), then closes.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            _reader.Consumer.Close();
        }
        finally
        {
            _reader.Consumer.Dispose();
        }
    }

    private void OnAssigned(List<Confluent.Kafka.TopicPartition> partitions)
    {
        var added = partitions.Select(p => new TopicPartition(p.Topic, p.Partition.Value)).ToList();
        foreach (var partition in added)
        {
            _assignment.Add(partition);
            _revokedDuringPoll.Remove(partition);
        }

        _assigned(added);
    }

    private void OnRevoked(List<Confluent.Kafka.TopicPartition> partitions, Action<IReadOnlyList<TopicPartition>> callback)
    {
        var removed = partitions.Select(p => new TopicPartition(p.Topic, p.Partition.Value)).ToList();
        foreach (var partition in removed)
        {
            _assignment.Remove(partition);
            _revokedDuringPoll.Add(partition);
        }

        callback(removed);
    }

    private RecordBatch WithoutRevoked(RecordBatch batch)
    {
        var kept = new LogRecord[batch.Count];
        var count = 0;
        foreach (ref readonly var record in batch.Records)
        {
            if (!_revokedDuringPoll.Contains(new TopicPartition(record.Topic, record.Partition)))
            {
                kept[count++] = record;
            }
        }

        return new RecordBatch(kept, count);
    }
}
