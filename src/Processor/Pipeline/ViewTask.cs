using System.Buffers;
using System.Diagnostics;
using Kappa.Contracts;
using Kappa.Contracts.Views;
using Kappa.Log.Abstractions;
using Kappa.Processor.Aggregates;
using Kappa.Processor.Events;
using Kappa.Processor.Hosting;
using Kappa.Processor.Windows;
using Microsoft.Extensions.Logging;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// Processes one partition of a view's source into partial rows of one view version.
/// <para>Per record, in order: decode the fields (failure: dead letter); read the event time (failure: dead
/// letter); advance the watermark (newest event time minus max-disorder); filter (false: filtered; type error:
/// dead letter); build the group key (missing: dead letter); assign windows; drop windows the watermark closed
/// (end + grace at or before the watermark); if none is left, the record is late; otherwise add it to each open
/// window's row (input error: dead letter). Every record lands in exactly one of applied, filtered, dead-lettered
/// or late, and the counters say so. Session views leave this path once the key is built: their windows depend
/// on the key's other events (see ViewTask.Sessions.cs). Sliding views stay on it: their tasks aggregate 1 ms buckets,
/// which the materializer combines into sliding windows.</para>
/// <para>Per commit: close the rows the watermark passed (on-close views publish them now), then write dirty
/// rows, closed-row deletions, the outbox (row upserts, dead letters, late records) and the meta (offset,
/// watermark, counters) in one RocksDB batch; publish the outbox in sequence order; forget what was published.
/// On start the task publishes what its outbox still holds, then resumes from its own stored offset. A crash
/// between any two steps neither loses nor double counts input, and a republished record repeats identical
/// bytes, so views never go backwards.</para>
/// <para>A task reads each record's fields two records before it processes it, to have the CPU fetch that record's rows
/// meanwhile (see ViewTask.Lookahead.cs); that changes nothing a record does, nor the order records are processed in.</para>
/// <para>The watermark depends only on this partition's records, never on the clock or on other partitions, so
/// a replay closes the same windows at the same records. An idle partition's windows stay open until its next
/// record: no processing-time timeout can make the result depend on when it ran.</para>
/// </summary>
internal sealed partial class ViewTask(
    CompiledView view,
    int version,
    int partition,
    ILog log,
    ProcessorOptions options,
    ILogger logger,
    ProcessorStatus? status = null,
    TaskPlan? plan = null,
    Telemetry.TaskTelemetry? telemetry = null,
    int? changelogPartitions = null)
{
    private readonly TaskPlan _plan = plan ?? TaskPlan.Live;
    private FieldValue[] _slots = [];
    private readonly GroupKey _groupKey = new();
    private readonly List<Window> _windows = [];
    private readonly RowCache _cache = new();
    private readonly ArrayBufferWriter<byte> _closedRows = new();
    private readonly List<OutboxRecord> _outbox = [];
    private readonly ClosedRows _closed = new();
    private readonly List<(byte[] Key, RowState Row)> _writes = [];
    private readonly List<(byte[] RowKey, long End)> _ending = [];
    private readonly ArrayBufferWriter<byte> _rowReferences = new();
    private readonly byte[] _rowKeyBuffer = new byte[4096];
    private readonly List<(byte[] Key, RowState Row)> _touched = [];
    private readonly FieldValue _missing = FieldValue.Missing;
    private TaskStore _store = null!;
    private OutboxPublisher _publisher = null!;
    private RejectionLedger _ledger = null!;

    // The meta as of the last commit; between commits progress lives in the mutable fields below, which the
    // next commit folds into it. Per record only these fields change, never a copy of the whole meta.
    private TaskMeta _meta;
    private TaskCounters _counters;
    private long _nextOffset;
    private long _maxEventTime;
    private volatile bool _abandoned;

    /// <summary>The consumer group of a view version's tasks; its commits serve lag monitoring only.</summary>
    public static string GroupId(string viewName, int version) => CompiledView.TaskGroupOf(viewName, version);

    /// <summary>
    /// Tells the task its partition was lost (another worker may own it already): it must stop without committing or
    /// publishing more. A commit already under way completes. Call before cancelling the task.
    /// </summary>
    public void Abandon() => _abandoned = true;

    /// <summary>The counters as of the last commit.</summary>
    public TaskCounters Counters => _meta.Counters;

    private long Watermark => _maxEventTime == long.MinValue ? long.MinValue : _maxEventTime - view.MaxDisorderMs;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        CreateLookahead(stoppingToken);
        var directory = Path.Combine(options.StateDirectory, $"{view.Name}.v{version}", $"p{partition}");
        using var store = TaskStore.Open(directory, view.Aggregates);
        _store = store;
        _publisher = new OutboxPublisher(
            view,
            view.ChangelogTopic(version),
            partition,
            OutboxPublisher.ChangelogPartitionOf(partition, changelogPartitions ?? int.MaxValue),
            FindRow,
            state => RowState.Read(state, view.Aggregates),
            telemetry);
        using var producer = log.CreateProducer();
        using var consumer = log.CreateConsumer(GroupId(view.Name, version));

        // Each batch, and every byte its records view, is done with before the next poll: rejections copy their records,
        // row keys are copied into the cache, aggregates copy the values they keep (IAggregateState.Add).
        consumer.ReuseBatches = true;
        using var attached = telemetry?.Attach(store, () => _cache.Count);

        _meta = store.ReadMeta();
        (_counters, _nextOffset, _maxEventTime) = (_meta.Counters, _meta.NextOffset, _meta.MaxEventTime);
        if (!store.HasRows())
        {
            _cache.HoldsEveryStoredRow = true;
        }

        using var ledger = new RejectionLedger(log, view, RejectionLedger.TagOf(view.Name, version, partition));
        _ledger = ledger;
        var start = _meta.NextOffset >= 0 ? _meta.NextOffset : _plan.StartOffset > 0 ? _plan.StartOffset : LogOffset.Beginning;
        try
        {
            if (!await ResumeAsync(producer, consumer, start, stoppingToken))
            {
                return;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped (revoked) while starting: what was done is durable or repeats, and the next owner starts from
            // the group's offset.
            return;
        }

        ResumeCheck.Ensure(consumer, view, version, partition, start);
        consumer.Assign([new TopicPartitionOffset(view.Source, partition, start)]);
        LogStarted(logger, view.Name, version, partition, start);

        var sinceCommit = Stopwatch.StartNew();
        var pending = false;
        var interrupted = false;
        var end = _plan.EndOffset ?? long.MaxValue;
        while (!stoppingToken.IsCancellationRequested && Math.Max(_nextOffset, _plan.StartOffset) < end)
        {
            RecordBatch batch;
            try
            {
                batch = await consumer.PollAsync(options.MaxPollRecords, options.CommitInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            telemetry?.Polled(batch, end);
            try
            {
                var next = ProcessRecords(batch, 0, end, ref pending);
                while (Restoring && (next < batch.Count || _nextOffset >= _restoreUntil))
                {
                    // The restore point may fall inside a batch: the rest of it is processed live.
                    await FinishRestoreAsync(producer, consumer, pending);
                    pending = false;
                    sinceCommit.Restart();
                    next = ProcessRecords(batch, next, end, ref pending);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Stopped while a record waited on a schema lookup: that record is counted in but not out, so nothing
                // since the last commit is committed. It is all redone from there, as after a crash.
                interrupted = true;
                break;
            }

            // Behind the log, commits are spaced out: views catching up need throughput, not freshness.
            var behind = batch.Count >= options.MaxPollRecords;
            if (_abandoned)
            {
                break;
            }

            if (pending && (sinceCommit.Elapsed >= (behind ? Max(options.CommitInterval, options.CatchUpCommitInterval) : options.CommitInterval)
                || _cache.DirtyCount >= options.CommitMaxDirtyRows))
            {
                await CommitAsync(producer, consumer, CancellationToken.None);
                pending = false;
                sinceCommit.Restart();
            }
        }

        // Stopping is a commit like any other, so a clean shutdown leaves nothing to redo; a lost partition is
        // another owner's already, and what this task did since its last commit is simply redone there. A stop that
        // interrupted a record (above) is the exception: its work since the last commit is redone, as after a crash.
        if (pending && !_abandoned && !interrupted)
        {
            await CommitAsync(producer, consumer, CancellationToken.None);
        }

        if (!interrupted && Math.Max(_nextOffset, _plan.StartOffset) >= end)
        {
            Report(finished: true);
            LogFinished(logger, view.Name, version, partition, end);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>
    /// Processes the batch's records from index <paramref name="from"/>, up to the end offset and, while restoring, up
    /// to the restore point; returns the index of the first record left.
    /// </summary>
    private int ProcessRecords(RecordBatch batch, int from, long end, ref bool pending)
    {
        var records = batch.Records;
        ResetLookahead();
        for (var i = from; i < records.Length; i++)
        {
            ref readonly var record = ref records[i];
            if (record.Offset >= end)
            {
                // A bounded replay stops at its end offset: records past it belong to no version's input.
                return records.Length;
            }

            if (Restoring && record.Offset >= _restoreUntil)
            {
                return i;
            }

            ReadAhead(records, i, end);
            Process(in record, i);
            _nextOffset = record.Offset + 1;
            pending = true;
        }

        return records.Length;
    }

    private void Report(bool finished) => status?.Report(view.Name, version, partition, Progress(finished));

    private TaskProgress Progress(bool finished) => new(_meta.Counters, _meta.NextOffset, Watermark, finished);

    /// <summary>Processes the record at <paramref name="index"/> of the batch (see the class summary).</summary>
    private void Process(in LogRecord record, int index)
    {
        _counters.In++;
        var fields = ExtractedAhead(in record, index);
        if (fields.Error is { } error)
        {
            DeadLetter(in record, error);
            return;
        }

        _slots = fields.Slots;

        var eventTime = record.Timestamp;
        if (view.TimeSlot is { } timeSlot)
        {
            if (!EventTime.TryRead(in _slots[timeSlot], out eventTime, out var timeError))
            {
                DeadLetter(in record, $"field '{view.TimeField}': {timeError}");
                return;
            }
        }
        else if (!EventTimestamps.InRange(eventTime))
        {
            DeadLetter(in record, $"the record timestamp {eventTime} is outside the accepted years 1000 to 9000");
            return;
        }

        if (eventTime > _maxEventTime)
        {
            _maxEventTime = eventTime;
        }

        if (view.Filter is { } filter)
        {
            bool passes;
            try
            {
                passes = filter.Evaluate(_slots.AsSpan(0, filter.Fields.Count));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The filter language throws only FilterTypeException; a C# predicate may throw anything.
                // Either way the event is bad, not the pipeline.
                DeadLetter(in record, $"filter: {e.Message}");
                return;
            }

            if (!passes)
            {
                _counters.Filtered++;
                return;
            }
        }

        ReadOnlySpan<byte> key;
        if (view.KeyFields.Count == 0)
        {
            key = record.Key is { } recordKey ? recordKey.Span : [];
            if (!System.Text.Unicode.Utf8.IsValid(key))
            {
                // Rows are named by their key as text; two invalid keys would render alike and be unreachable.
                DeadLetter(in record, "the record key is not UTF-8 text; group by a field instead");
                return;
            }
        }
        else if (!_groupKey.TryBuild(_slots.AsSpan(view.KeySlotStart, view.KeyFields.Count), view.KeyFields, out key, out var keyError))
        {
            DeadLetter(in record, keyError!);
            return;
        }

        if (view.Sessions is { } sessions)
        {
            ProcessSession(in record, sessions, key, eventTime);
            return;
        }

        _windows.Clear();
        try
        {
            view.Windows!.Assign(eventTime, _windows);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Built-in assigners cannot fail on a time in range; a custom one may. The event is rejected, not the task.
            DeadLetter(in record, $"window assignment: {e.Message}");
            return;
        }
        if (_windows.Count == 0)
        {
            // An assigner with gaps (business hours) places this event in no window: the view does not want it.
            _counters.Filtered++;
            return;
        }

        var watermark = Watermark;
        var firstOpen = 0;
        while (firstOpen < _windows.Count && IsClosed(_windows[firstOpen], watermark))
        {
            firstOpen++;
        }

        if (firstOpen == _windows.Count)
        {
            // A sliding view's record is late once its bucket closed: the last sliding window that could hold it,
            // [t, t + d + 1), is closed. That window, rather than the 1 ms bucket, is what the headers name.
            Late(in record, view.Sliding?.WindowAt(eventTime) ?? _windows[^1], watermark);
            return;
        }

        // Reading ahead hashed the row keys of the same windows, in order, when there were at most a few.
        var position = new EventPosition(eventTime, partition, record.Offset);
        var hashes = fields.HashCount == _windows.Count ? fields.Hashes.AsSpan(0, fields.HashCount) : default;
        if (!TryApply(key, firstOpen, in position, hashes, out var aggregateError))
        {
            DeadLetter(in record, aggregateError!);
            return;
        }

        _counters.Applied++;
    }

    /// <summary>
    /// Adds the event to each open window's row, in two phases: first every row is loaded and every aggregate
    /// asked whether it accepts the input (<see cref="IAggregateState.CanAdd"/>); only then is anything added.
    /// So an input error leaves every row untouched and the event goes, whole, to the dead letters.
    /// </summary>
    /// <param name="key">The group key.</param>
    /// <param name="firstOpen">The first of the windows that is open.</param>
    /// <param name="position">The event's position.</param>
    /// <param name="hashes">Each window's row key's <see cref="RowCache.HashOf"/>, as reading ahead computed them, or
    /// empty to compute them here.</param>
    /// <param name="error">Why the event was refused.</param>
    private bool TryApply(ReadOnlySpan<byte> key, int firstOpen, in EventPosition position, ReadOnlySpan<int> hashes, out string? error)
    {
        error = null;
        _touched.Clear();

        // Every window's row key is as long; the cache copies the keys it keeps, so one buffer serves them all.
        var length = RowKey.EncodedLength(key);
        var rowKey = length <= _rowKeyBuffer.Length ? _rowKeyBuffer.AsSpan(0, length) : new byte[length];
        for (var w = firstOpen; w < _windows.Count; w++)
        {
            var window = _windows[w];
            RowKey.Encode(key, window.Start, rowKey);
            var hash = hashes.IsEmpty ? RowCache.HashOf(rowKey) : hashes[w];
            if (!_cache.TryGet(rowKey, hash, out var cachedKey, out var row))
            {
                // A miss in a cache that holds every stored row is a new row: no point asking RocksDB.
                row = (_cache.HoldsEveryStoredRow ? null : _store.ReadRow(rowKey)) ?? RowState.Create(window, view.Aggregates);
                cachedKey = _cache.Add(rowKey, hash, row);
            }

            _touched.Add((cachedKey, row));
            for (var a = 0; a < row.States.Length; a++)
            {
                if (!row.States[a].CanAdd(in Input(a), out var reason))
                {
                    error = reason;
                    ForgetNewRows();
                    return false;
                }
            }
        }

        foreach (var (cachedKey, row) in _touched)
        {
            for (var a = 0; a < row.States.Length; a++)
            {
                row.States[a].Add(in Input(a), in position);
            }

            _cache.MarkDirty(cachedKey, row);
        }

        return true;
    }

    /// <summary>
    /// After a refused record: drops from the cache the rows this <see cref="TryApply"/> created (never stored, never
    /// changed), so a refused record leaves the cache as it found it. A session view relies on it: its index knows only
    /// sessions that took a record, and a row it does not know would stand in the way of the session that later starts
    /// at that time.
    /// </summary>
    private void ForgetNewRows()
    {
        foreach (var (key, row) in _touched)
        {
            if (!row.Stored && !row.Dirty)
            {
                _cache.Remove(key);
            }
        }
    }

    private ref readonly FieldValue Input(int aggregate)
    {
        var slot = view.AggregateSlots[aggregate];
        return ref slot < 0 ? ref _missing : ref _slots[slot];
    }

    private bool IsClosed(Window window, long watermark) =>
        watermark != long.MinValue && window.End + view.CloseAfterMs <= watermark;

    private void DeadLetter(in LogRecord record, string error)
    {
        _counters.DeadLettered++;
        if (!AlreadyPublished(record.Offset))
        {
            var sequence = _meta.NextSequence + _outbox.Count;
            _outbox.Add(RejectedRecords.DeadLetter(in record, sequence, _ledger.Identity(record.Offset), view.Name, error));
        }
    }

    private void Late(in LogRecord record, Window window, long watermark)
    {
        _counters.Late++;
        if (!AlreadyPublished(record.Offset))
        {
            var sequence = _meta.NextSequence + _outbox.Count;
            _outbox.Add(RejectedRecords.Late(in record, sequence, _ledger.Identity(record.Offset), view.Name, window, watermark));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "task {View}.v{Version}[{Partition}] reached its end offset {Offset} and stops")]
    private static partial void LogFinished(ILogger logger, string view, int version, int partition, long offset);

    [LoggerMessage(Level = LogLevel.Information, Message = "task {View}.v{Version}[{Partition}] starts at offset {Offset}")]
    private static partial void LogStarted(ILogger logger, string view, int version, int partition, long offset);
}
