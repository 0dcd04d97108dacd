using Kappa.Log.Abstractions;
using Kappa.Log.Embedded.Groups;
using Kappa.Log.Embedded.Topics;

namespace Kappa.Log.Embedded.Consuming;

/// <summary>
/// The embedded <see cref="ILogConsumer"/>. Used by one thread at a time, as Kafka's consumer. A poll serves the
/// assigned partitions round-robin, starting one partition later each time, so a busy partition cannot starve the
/// others, and comes back with the maximum asked for whenever the log holds that many. It returns a record array whose
/// records view the fetch buffers. Without <see cref="ReuseBatches"/> both are new for each poll; with it, the record
/// array is the poll before's, and fetches read into buffers that earlier batches viewed (<see cref="FetchBuffers"/>).
/// With nothing to read it waits on the partitions' append signals (and on topic creation), never spinning.
/// </summary>
internal sealed class EmbeddedConsumer : ILogConsumer
{
    private readonly TopicRegistry _topics;
    private readonly GroupOffsetStore _groups;
    private readonly TimeProvider _time;
    private readonly int _fetchBytes;
    private readonly int _maxPollBytes;
    private readonly List<Task> _waits = [];
    private readonly FetchBuffers _buffers;
    private PartitionCursor[] _cursors = [];
    private Dictionary<TopicPartition, PartitionCursor> _byPartition = [];
    private TopicPartition[] _assignment = [];
    private int _rotation;
    private bool _disposed;

    // The array polls collect records into (with ReuseBatches, the array every batch is), and how many of its
    // entries still view fetch buffers.
    private LogRecord[]? _collected;
    private int _collectedCount;

    public EmbeddedConsumer(string groupId, TopicRegistry topics, GroupOffsetStore groups, TimeProvider time, int fetchBytes, int maxPollBytes)
    {
        _maxPollBytes = maxPollBytes;
        GroupId = groupId;
        _topics = topics;
        _groups = groups;
        _time = time;
        _fetchBytes = fetchBytes;
        _buffers = new FetchBuffers(fetchBytes);
    }

    public string GroupId { get; }

    public IReadOnlyList<TopicPartition> Assignment => _assignment;

    public bool ReuseBatches
    {
        get => _buffers.Recycling;
        set => _buffers.Recycling = value;
    }

    public void Assign(IReadOnlyList<TopicPartitionOffset> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var byPartition = new Dictionary<TopicPartition, PartitionCursor>();
        var cursors = new PartitionCursor[partitions.Count];
        for (var i = 0; i < partitions.Count; i++)
        {
            var entry = partitions[i];
            var cursor = new PartitionCursor(entry.TopicPartition, Resolve(entry), _buffers);
            if (!byPartition.TryAdd(entry.TopicPartition, cursor))
            {
                throw new ArgumentException($"{entry.TopicPartition} is assigned twice", nameof(partitions));
            }

            cursors[i] = cursor;
        }

        _cursors = cursors;
        _byPartition = byPartition;
        _assignment = [.. cursors.Select(cursor => cursor.Partition)];
        _rotation = 0;
    }

    public void Seek(TopicPartitionOffset position) => CursorOf(position.TopicPartition).Seek(Resolve(position));

    public long Position(TopicPartition partition) => CursorOf(partition).Position;

    public async ValueTask<RecordBatch> PollAsync(int maxRecords, TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        if (maxWait < TimeSpan.Zero && maxWait != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(maxWait), maxWait, "maxWait must be zero or more, or infinite");
        }

        // The batch before this poll is invalid from here on: with ReuseBatches, its buffers may be fetched into.
        _buffers.NextPoll(idle: _collectedCount == 0);
        var started = _time.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Signals are taken before looking for data, so an append in between still wakes the wait below.
            CollectWaits();
            var batch = TryCollect(maxRecords);
            if (!batch.IsEmpty)
            {
                return batch;
            }

            var remaining = maxWait == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : maxWait - _time.GetElapsedTime(started);
            if (remaining != Timeout.InfiniteTimeSpan && remaining <= TimeSpan.Zero)
            {
                return RecordBatch.Empty;
            }

            using var delayCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _waits.Add(Task.Delay(remaining, _time, delayCancellation.Token));
            await Task.WhenAny(_waits);
            await delayCancellation.CancelAsync();
        }
    }

    public Task CommitAsync(IReadOnlyList<TopicPartitionOffset> offsets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        _groups.Commit(GroupId, offsets);
        return Task.CompletedTask;
    }

    public Task<long?> CommittedAsync(TopicPartition partition, CancellationToken cancellationToken = default) =>
        Task.FromResult(_groups.Committed(GroupId, partition));

    public WatermarkOffsets GetWatermarks(TopicPartition partition) =>
        _topics.Get(partition.Topic).GetPartition(partition.Partition).Watermarks;

    public Task<long> OffsetForTimestampAsync(TopicPartition partition, long timestamp, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_topics.Get(partition.Topic).GetPartition(partition.Partition).OffsetForTimestamp(timestamp));
    }

    public void Dispose() => _disposed = true;

    private PartitionCursor CursorOf(TopicPartition partition)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _byPartition.TryGetValue(partition, out var cursor)
            ? cursor
            : throw new InvalidOperationException($"{partition} is not assigned to this consumer");
    }

    /// <summary>Turns a symbolic offset into an absolute one; absolute offsets are range-checked when fetched.</summary>
    private long Resolve(TopicPartitionOffset position)
    {
        TopicNames.Validate(position.Topic);
        var offset = position.Offset;
        if (offset == LogOffset.Stored)
        {
            offset = _groups.Committed(GroupId, position.TopicPartition) ?? LogOffset.Beginning;
        }

        if (offset >= 0)
        {
            return offset;
        }

        // A topic that does not exist yet is empty: its beginning and end are both 0.
        var watermarks = _topics.TryGet(position.Topic)?.GetPartition(position.Partition).Watermarks ?? default;
        return offset switch
        {
            LogOffset.Beginning => watermarks.Low,
            LogOffset.End => watermarks.High,
            _ => throw new ArgumentOutOfRangeException(nameof(position), offset, "an offset is absolute (>= 0) or one of LogOffset's"),
        };
    }

    private void CollectWaits()
    {
        _waits.Clear();
        _waits.Add(_topics.WhenChanged);
        foreach (var cursor in _cursors)
        {
            if (_topics.TryGet(cursor.Partition.Topic)?.TryGetPartition(cursor.Partition.Partition) is { } log)
            {
                _waits.Add(log.WhenAppended);
            }
        }
    }

    /// <summary>
    /// Drains the assigned partitions into the collection array in rounds, one fetch per partition per round (so one
    /// partition cannot fill a poll the others could share), until <paramref name="maxRecords"/> are collected, the
    /// poll has fetched <c>MaxPollBytes</c>, or every partition is at its end. A poll behind the log so comes back
    /// full, as Kafka's does from its prefetch under lag: callers read a full batch as "behind" (a task then spaces
    /// its commits out).
    /// </summary>
    private RecordBatch TryCollect(int maxRecords)
    {
        var count = _cursors.Length;
        if (count == 0)
        {
            return RecordBatch.Empty;
        }

        var start = _rotation;
        _rotation = (_rotation + 1) % count;
        var total = 0;
        var fetched = 0L;
        var progress = true;
        while (progress && total < maxRecords && fetched < _maxPollBytes)
        {
            progress = false;
            for (var k = 0; k < count && total < maxRecords; k++)
            {
                var cursor = _cursors[(start + k) % count];
                var log = _topics.TryGet(cursor.Partition.Topic)?.TryGetPartition(cursor.Partition.Partition);
                var before = cursor.FetchedBytes;
                var ready = cursor.Fill(log, _fetchBytes, maxRecords - total);
                fetched += cursor.FetchedBytes - before;
                if (ready > 0)
                {
                    var records = Collection(total, total + ready, maxRecords);
                    total += cursor.Drain(records.AsSpan(total, ready));
                    progress = true;
                }
            }
        }

        // Entries past this batch still view older fetch buffers: let those go (all of them when nothing came, so
        // an idle consumer holds no buffers).
        if (_collectedCount > total)
        {
            Array.Clear(_collected!, total, _collectedCount - total);
        }

        _collectedCount = total;
        if (total == 0)
        {
            return RecordBatch.Empty;
        }

        var batch = new RecordBatch(_collected!, total);
        if (!ReuseBatches)
        {
            // The caller keeps its batch past the next poll: it takes the array, and the next poll starts a new one.
            _collected = null;
            _collectedCount = 0;
        }

        return batch;
    }

    /// <summary>
    /// The collection array, grown (doubling, up to <paramref name="maxRecords"/>) to hold at least
    /// <paramref name="needed"/> entries, keeping the <paramref name="filled"/> this poll collected.
    /// </summary>
    private LogRecord[] Collection(int filled, int needed, int maxRecords)
    {
        if (_collected is null || _collected.Length < needed)
        {
            // Exactly what the first fetch needs, then doubling: a consumer tailing the log, which gets a few records a
            // poll, allocates small arrays (off the large object heap), and one behind it grows to its polls' size once.
            var grown = new LogRecord[Math.Min(maxRecords, Math.Max(needed, (_collected?.Length ?? 0) * 2))];
            _collected?.AsSpan(0, filled).CopyTo(grown);
            _collected = grown;
            _collectedCount = filled;
        }

        return _collected;
    }
}
