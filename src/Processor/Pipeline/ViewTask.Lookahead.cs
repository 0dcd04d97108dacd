using Kappa.Contracts.Views;
using Kappa.Log.Abstractions;
using Kappa.Processor.Events;
using Kappa.Processor.Windows;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// Reading ahead within a batch: a record's fields are extracted two records before it is processed, and the slots
/// and rows its windows will look up in the cache are fetched into the CPU's caches meanwhile, the slots two records
/// ahead, the rows one record ahead (<see cref="RowCache.PrefetchSlot"/>, <see cref="RowCache.PrefetchRow"/>). A
/// replay's tasks hold far more rows than any CPU cache, and a lookup that waited on memory for its slot and then
/// its row was a fifth of a rebuild's CPU.
/// <para>
/// Nothing here changes what a record does, or in what order: records are extracted one by one in offset order, as
/// before, only earlier, and what extraction gives depends on nothing processing does. Each record read ahead keeps its
/// own slots and its own extractor buffers (its strings may view them) until it is processed; the extractors share
/// their caches (an Avro extractor's schemas, and the ids the registry did not know), so a record sees what it would
/// have seen without reading ahead. A decode error is only noted, and dead-lettered when the record's turn comes. The
/// fetches are hints: computing them never throws (a record whose key or windows cannot be told is not fetched for),
/// and only built-in window assigners are asked ahead, as they are pure. Reading ahead stops at the batch's end, at a
/// bounded replay's end offset and at the restore point, so no record is read that the task would not process.
/// </para>
/// </summary>
internal sealed partial class ViewTask
{
    /// <summary>How many records ahead fields are extracted and row slots fetched; rows are fetched one record ahead.</summary>
    private const int LookaheadDepth = 2;

    /// <summary>The most windows of a record whose rows are fetched ahead (a hopping window's record has several).</summary>
    private const int MostPrefetchedWindows = 4;

    /// <summary>
    /// Whether the view's rows can be told ahead: its windows come from a built-in, and so pure, assigner. A session
    /// view's rows depend on the key's other events.
    /// </summary>
    private readonly bool _fetchesAhead = view.Sessions is null
        && view.Windows is (TumblingWindows or HoppingWindows or CalendarWindows or BusinessHoursWindows);

    private readonly GroupKey _aheadKey = new();
    private readonly List<Window> _aheadWindows = [];
    private readonly byte[] _aheadRowKey = new byte[4096];
    private Ahead[] _ahead = [];

    /// <summary>Creates the records read ahead, each with an extractor of its own.</summary>
    private void CreateLookahead(CancellationToken stoppingToken)
    {
        var first = view.CreateExtractor(options.Schemas, stopping: stoppingToken);
        _ahead = [.. Enumerable.Range(0, LookaheadDepth + 1).Select(i =>
            new Ahead(new FieldValue[Math.Max(1, view.FieldPaths.Count)], i == 0 ? first : view.CreateExtractor(options.Schemas, first, stoppingToken)))];
    }

    /// <summary>Forgets what was read ahead: the batch it viewed may be reused.</summary>
    private void ResetLookahead()
    {
        foreach (var ahead in _ahead)
        {
            ahead.Offset = long.MinValue;
        }
    }

    /// <summary>
    /// Reads ahead of the record at <paramref name="index"/>, about to be processed: extracts, in offset order, the
    /// records up to <see cref="LookaheadDepth"/> ahead that are not yet (at a batch's start, this one and the next too)
    /// and fetches their rows' slots, then fetches the rows of the next record.
    /// </summary>
    private void ReadAhead(ReadOnlySpan<LogRecord> records, int index, long end)
    {
        for (var at = index; at <= index + LookaheadDepth && at < records.Length && WillProcess(in records[at], end); at++)
        {
            if (_ahead[at % _ahead.Length].Offset != records[at].Offset)
            {
                FetchSlots(in records[at], ExtractedAhead(in records[at], at));
            }
        }

        var next = index + 1;
        if (next < records.Length && _ahead[next % _ahead.Length] is var nextAhead && nextAhead.Offset == records[next].Offset)
        {
            for (var h = 0; h < nextAhead.HashCount; h++)
            {
                _cache.PrefetchRow(nextAhead.Hashes[h]);
            }
        }
    }

    /// <summary>
    /// The extracted fields of the record at <paramref name="index"/> of the batch: read ahead, or extracted now. Records
    /// read ahead are placed by their index, not their offset: offsets may skip (compaction, transaction markers).
    /// </summary>
    private Ahead ExtractedAhead(in LogRecord record, int index)
    {
        var ahead = _ahead[index % _ahead.Length];
        if (ahead.Offset == record.Offset)
        {
            return ahead;
        }

        ahead.Offset = record.Offset;
        ahead.HashCount = 0;
        ahead.Error = null;
        if (record.Value is not { } value)
        {
            ahead.Error = "the record has no value";
            return ahead;
        }

        try
        {
            ahead.Extractor.Extract(value, ahead.Slots);
        }
        catch (EventDecodeException e)
        {
            ahead.Error = e.Message;
        }

        return ahead;
    }

    private bool WillProcess(in LogRecord record, long end) =>
        record.Offset < end && (!Restoring || record.Offset < _restoreUntil);

    /// <summary>
    /// Fetches the slots of the rows the record will look up, when its time, key and windows can be told now. Never
    /// throws: a hint that cannot be computed is not given, and the record's processing meets whatever stood in the way.
    /// </summary>
    private void FetchSlots(in LogRecord record, Ahead ahead)
    {
        if (ahead.Error is not null || !_fetchesAhead)
        {
            return;
        }

        try
        {
            FetchSlotsOf(in record, ahead);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ahead.HashCount = 0;
        }
    }

    private void FetchSlotsOf(in LogRecord record, Ahead ahead)
    {
        var eventTime = record.Timestamp;
        if (view.TimeSlot is { } timeSlot && !EventTime.TryRead(in ahead.Slots[timeSlot], out eventTime, out _))
        {
            return;
        }

        ReadOnlySpan<byte> key;
        if (view.KeyFields.Count == 0)
        {
            key = record.Key is { } recordKey ? recordKey.Span : [];
        }
        else if (!_aheadKey.TryBuild(ahead.Slots.AsSpan(view.KeySlotStart, view.KeyFields.Count), view.KeyFields, out key, out _))
        {
            return;
        }

        var length = RowKey.EncodedLength(key);
        if (!Contracts.EventTimestamps.InRange(eventTime) || length > _aheadRowKey.Length)
        {
            return;
        }

        var rowKey = _aheadRowKey.AsSpan(0, length);
        _aheadWindows.Clear();
        view.Windows!.Assign(eventTime, _aheadWindows);
        for (var w = Math.Max(0, _aheadWindows.Count - MostPrefetchedWindows); w < _aheadWindows.Count; w++)
        {
            RowKey.Encode(key, _aheadWindows[w].Start, rowKey);
            var hash = RowCache.HashOf(rowKey);
            _cache.PrefetchSlot(hash);
            ahead.Hashes[ahead.HashCount++] = hash;
        }
    }

    /// <summary>A record read ahead: its fields (or why they could not be read) and the hashes of its rows' keys.</summary>
    private sealed class Ahead(FieldValue[] slots, IFieldExtractor extractor)
    {
        public FieldValue[] Slots { get; } = slots;

        public IFieldExtractor Extractor { get; } = extractor;

        /// <summary>The offset of the record read, or <see cref="long.MinValue"/>.</summary>
        public long Offset { get; set; } = long.MinValue;

        /// <summary>Why the record goes to the dead letters before anything else is asked of it, or null.</summary>
        public string? Error { get; set; }

        /// <summary>
        /// The <see cref="RowCache.HashOf"/> of the row keys of the record's last windows, in window order; when they are
        /// all of its windows, processing looks its rows up with them instead of hashing the keys again.
        /// </summary>
        public int[] Hashes { get; } = new int[MostPrefetchedWindows];

        public int HashCount { get; set; }
    }
}
