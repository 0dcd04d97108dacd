using System.Diagnostics;
using System.Text;
using System.Text.Json;
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
/// or late, and the counters say so.</para>
/// <para>Per commit: close the rows the watermark passed (on-close views publish them now), then write dirty
/// rows, closed-row deletions, the outbox (row upserts, dead letters, late records) and the meta (offset,
/// watermark, counters) in one RocksDB batch; publish the outbox in sequence order; forget what was published.
/// On start the task publishes what its outbox still holds, then resumes from its own stored offset. A crash
/// between any two steps neither loses nor double counts input, and a republished record repeats identical
/// bytes, so views never go backwards.</para>
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
    ProcessorStatus? status = null)
{
    private readonly FieldExtractor _extractor = view.CreateExtractor();
    private readonly FieldValue[] _slots = new FieldValue[Math.Max(1, view.FieldPaths.Count)];
    private readonly GroupKey _groupKey = new();
    private readonly List<Window> _windows = [];
    private readonly RowCache _cache = new();
    private readonly RowRenderer _renderer = new(view);
    private readonly List<OutboxRecord> _outbox = [];
    private readonly List<(byte[] Key, long End)> _closed = [];
    private readonly string _changelog = view.ChangelogTopic(version);
    private readonly byte[] _rowKeyBuffer = new byte[4096];
    private readonly List<(byte[] Key, RowState Row)> _touched = [];
    private readonly FieldValue _missing = FieldValue.Missing;
    private TaskStore _store = null!;
    private TaskMeta _meta;

    /// <summary>The consumer group of a view version's tasks; its commits serve lag monitoring only.</summary>
    public static string GroupId(string viewName, int version) => $"_kappa.processor.{viewName}.v{version}";

    /// <summary>The counters as of the last commit.</summary>
    public TaskCounters Counters => _meta.Counters;

    private long Watermark => _meta.MaxEventTime == long.MinValue ? long.MinValue : _meta.MaxEventTime - view.MaxDisorderMs;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var directory = Path.Combine(options.StateDirectory, $"{view.Name}.v{version}", $"p{partition}");
        using var store = TaskStore.Open(directory, view.Aggregates);
        _store = store;
        using var producer = log.CreateProducer();
        using var consumer = log.CreateConsumer(GroupId(view.Name, version));

        _meta = store.ReadMeta();
        status?.Report(view.Name, partition, _meta.Counters);
        await PublishAsync(producer, store.ReadOutbox(), stoppingToken);
        var start = _meta.NextOffset < 0 ? LogOffset.Beginning : _meta.NextOffset;
        consumer.Assign([new TopicPartitionOffset(view.Source, partition, start)]);
        LogStarted(logger, view.Name, version, partition, start);

        var sinceCommit = Stopwatch.StartNew();
        var pending = false;
        while (!stoppingToken.IsCancellationRequested)
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

            foreach (ref readonly var record in batch.Records)
            {
                Process(in record);
                _meta = _meta with { NextOffset = record.Offset + 1 };
                pending = true;
            }

            if (pending && sinceCommit.Elapsed >= options.CommitInterval)
            {
                await CommitAsync(producer, consumer, CancellationToken.None);
                pending = false;
                sinceCommit.Restart();
            }
        }

        // Stopping is a commit like any other, so a clean shutdown leaves nothing to redo.
        if (pending)
        {
            await CommitAsync(producer, consumer, CancellationToken.None);
        }
    }

    private void Process(in LogRecord record)
    {
        var counters = _meta.Counters;
        counters.In++;
        _meta = _meta with { Counters = counters };
        if (record.Value is not { } value)
        {
            DeadLetter(in record, "the record has no value");
            return;
        }

        try
        {
            _extractor.Extract(value, _slots);
        }
        catch (JsonException e)
        {
            DeadLetter(in record, $"the value is not a JSON object: {e.Message}");
            return;
        }

        var eventTime = record.Timestamp;
        if (view.TimeSlot is { } timeSlot && !EventTime.TryRead(in _slots[timeSlot], out eventTime, out var timeError))
        {
            DeadLetter(in record, $"field '{view.TimeField}': {timeError}");
            return;
        }

        if (eventTime > _meta.MaxEventTime)
        {
            _meta = _meta with { MaxEventTime = eventTime };
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
                Count(static (ref TaskCounters c) => c.Filtered++);
                return;
            }
        }

        ReadOnlySpan<byte> key;
        if (view.KeyFields.Count == 0)
        {
            key = record.Key is { } recordKey ? recordKey.Span : [];
        }
        else if (!_groupKey.TryBuild(_slots.AsSpan(view.KeySlotStart, view.KeyFields.Count), view.KeyFields, out key, out var keyError))
        {
            DeadLetter(in record, keyError!);
            return;
        }

        _windows.Clear();
        view.Windows.Assign(eventTime, _windows);
        if (_windows.Count == 0)
        {
            // An assigner with gaps (business hours) places this event in no window: the view does not want it.
            Count(static (ref TaskCounters c) => c.Filtered++);
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
            Late(in record, _windows[^1], watermark);
            return;
        }

        var position = new EventPosition(eventTime, partition, record.Offset);
        if (!TryApply(key, firstOpen, in position, out var aggregateError))
        {
            DeadLetter(in record, aggregateError!);
            return;
        }

        Count(static (ref TaskCounters c) => c.Applied++);
    }

    /// <summary>
    /// Adds the event to each open window's row, in two phases: first every row is loaded and every aggregate
    /// asked whether it accepts the input (<see cref="IAggregateState.CanAdd"/>); only then is anything added.
    /// So an input error leaves every row untouched and the event goes, whole, to the dead letters.
    /// </summary>
    private bool TryApply(ReadOnlySpan<byte> key, int firstOpen, in EventPosition position, out string? error)
    {
        error = null;
        _touched.Clear();
        for (var w = firstOpen; w < _windows.Count; w++)
        {
            var window = _windows[w];
            var length = RowKey.EncodedLength(key);
            var rowKey = length <= _rowKeyBuffer.Length ? _rowKeyBuffer.AsSpan(0, length) : new byte[length];
            RowKey.Encode(key, window.Start, rowKey);
            if (!_cache.TryGet(rowKey, out var cachedKey, out var row))
            {
                row = _store.ReadRow(rowKey) ?? RowState.Create(window, view.Aggregates);
                cachedKey = _cache.Add(rowKey, row);
            }

            for (var a = 0; a < row.States.Length; a++)
            {
                if (!row.States[a].CanAdd(in Input(a), out var reason))
                {
                    error = reason;
                    return false;
                }
            }

            _touched.Add((cachedKey, row));
        }

        foreach (var (rowKey, row) in _touched)
        {
            for (var a = 0; a < row.States.Length; a++)
            {
                row.States[a].Add(in Input(a), in position);
            }

            _cache.MarkDirty(rowKey, row);
        }

        return true;
    }

    private ref readonly FieldValue Input(int aggregate)
    {
        var slot = view.AggregateSlots[aggregate];
        return ref slot < 0 ? ref _missing : ref _slots[slot];
    }

    private bool IsClosed(Window window, long watermark) =>
        watermark != long.MinValue && window.End + view.GraceMs <= watermark;

    private void Count(CounterUpdate update)
    {
        var counters = _meta.Counters;
        update(ref counters);
        _meta = _meta with { Counters = counters };
    }

    private void DeadLetter(in LogRecord record, string error)
    {
        Count(static (ref TaskCounters c) => c.DeadLettered++);
        _outbox.Add(Copy(in record, OutboxDestination.DeadLetters,
        [
            Header("kappa.error", error),
            Header("kappa.view", view.Name),
            Header("kappa.source.topic", record.Topic),
            Header("kappa.source.partition", record.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Header("kappa.source.offset", record.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Header("kappa.time", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
        ]));
    }

    private void Late(in LogRecord record, Window window, long watermark)
    {
        Count(static (ref TaskCounters c) => c.Late++);
        _outbox.Add(Copy(in record, OutboxDestination.Late,
        [
            Header("kappa.view", view.Name),
            Header("kappa.window.start", DateTimeOffset.FromUnixTimeMilliseconds(window.Start).ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            Header("kappa.window.end", DateTimeOffset.FromUnixTimeMilliseconds(window.End).ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            Header("kappa.watermark", DateTimeOffset.FromUnixTimeMilliseconds(watermark).ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            Header("kappa.source.partition", record.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Header("kappa.source.offset", record.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]));
    }

    private OutboxRecord Copy(in LogRecord record, OutboxDestination destination, RecordHeader[] headers)
    {
        var encoded = new byte[RecordHeaders.EncodedLength(headers)];
        RecordHeaders.Encode(headers, encoded);
        return new OutboxRecord(
            _meta.NextSequence + _outbox.Count,
            destination,
            record.Partition,
            record.Timestamp,
            record.Key?.ToArray(),
            record.Value?.ToArray(),
            encoded);
    }

    private static RecordHeader Header(string name, string value) => new(name, Encoding.UTF8.GetBytes(value));

    private async Task CommitAsync(ILogProducer producer, ILogConsumer consumer, CancellationToken cancellationToken)
    {
        CloseWindows();
        foreach (var (key, row) in _cache.Dirty)
        {
            if (view.Emit == Contracts.Definitions.EmitMode.OnUpdate)
            {
                _outbox.Add(ChangelogRecord(key, row));
            }
        }

        _meta = _meta with { NextSequence = _meta.NextSequence + _outbox.Count };
        var dirty = _cache.Dirty.Where(d => !_closed.Exists(c => c.Key.AsSpan().SequenceEqual(d.Key))).ToList();
        _store.Commit(_meta, dirty, _closed, _outbox);
        status?.Report(view.Name, partition, _meta.Counters);
        _cache.ClearDirty();
        foreach (var (key, _) in _closed)
        {
            _cache.Remove(key);
        }

        var published = _outbox.ToList();
        _outbox.Clear();
        _closed.Clear();
        await PublishAsync(producer, published, cancellationToken);
        await consumer.CommitAsync([new TopicPartitionOffset(view.Source, partition, _meta.NextOffset)], cancellationToken);
        if (_cache.Count > options.CacheMaxRows)
        {
            _cache.EvictClean();
        }
    }

    /// <summary>Closes the rows whose window end plus grace the watermark has reached; on-close views emit them.</summary>
    private void CloseWindows()
    {
        var watermark = Watermark;
        if (watermark == long.MinValue)
        {
            return;
        }

        foreach (var (key, end) in _store.RowsEndingBy(watermark - view.GraceMs))
        {
            _closed.Add((key, end));
        }

        // Rows created since the last commit are not in the close index yet.
        foreach (var (key, row) in _cache.Dirty)
        {
            if (IsClosed(row.Window, watermark) && !_closed.Exists(c => c.Key.AsSpan().SequenceEqual(key)))
            {
                _closed.Add((key, row.Window.End));
            }
        }

        if (view.Emit != Contracts.Definitions.EmitMode.OnClose)
        {
            return;
        }

        foreach (var (key, _) in _closed)
        {
            var row = _cache.TryGet(key, out var cached) ? cached : _store.ReadRow(key);
            if (row is not null)
            {
                _outbox.Add(ChangelogRecord(key, row));
            }
        }
    }

    private OutboxRecord ChangelogRecord(byte[] rowKey, RowState row)
    {
        var (key, _) = RowKey.Decode(rowKey);
        var changelogKey = new byte[rowKey.Length + 4];
        rowKey.CopyTo(changelogKey, 0);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(changelogKey.AsSpan(rowKey.Length), partition);

        // The record timestamp is the window start: derived from the log, never from the clock.
        return new OutboxRecord(
            _meta.NextSequence + _outbox.Count,
            OutboxDestination.Changelog,
            partition,
            row.Window.Start,
            changelogKey,
            _renderer.RenderPartial(key, row, partition),
            []);
    }

    private async Task PublishAsync(ILogProducer producer, IReadOnlyList<OutboxRecord> outbox, CancellationToken cancellationToken)
    {
        if (outbox.Count == 0)
        {
            return;
        }

        foreach (var group in outbox.GroupBy(r => r.Destination))
        {
            var topic = group.Key switch
            {
                OutboxDestination.Changelog => _changelog,
                OutboxDestination.DeadLetters => view.DeadLetterTopic,
                _ => view.LateTopic,
            };
            var records = group.Select(r => new ProducerRecord(
                Memory(r.Key),
                Memory(r.Value),
                r.Timestamp,
                group.Key == OutboxDestination.Changelog ? r.Partition : null,
                r.Headers.Length == 0 ? null : new RecordHeaders(r.Headers).ToList())).ToArray();
            await producer.AppendAsync(topic, records, cancellationToken);
        }

        _store.ClearOutbox(outbox[^1].Sequence);
    }

    // A bare byte[] would convert to an empty, non-null memory: null must stay null (a tombstone, a null key).
    private static ReadOnlyMemory<byte>? Memory(byte[]? bytes) => bytes is null ? null : bytes;

    private delegate void CounterUpdate(ref TaskCounters counters);

    [LoggerMessage(Level = LogLevel.Information, Message = "task {View}.v{Version}[{Partition}] starts at offset {Offset}")]
    private static partial void LogStarted(ILogger logger, string view, int version, int partition, long offset);
}
