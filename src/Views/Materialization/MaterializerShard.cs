using System.Buffers;
using System.Buffers.Binary;
using Kappa.Contracts.Views;
using Kappa.Log.Abstractions;
using Kappa.Processor.Aggregates;
using Kappa.Processor.Pipeline;
using Kappa.Views.Store;
using Microsoft.Extensions.Logging;

namespace Kappa.Views.Materialization;

/// <summary>
/// One shard of a version's materializer: the rows whose group key hashes to it (<see cref="Of"/>). It parses its
/// share of each polled batch and prepares those rows (<see cref="ViewStore.PreparePartials"/>) beside the other
/// shards, while the store may still be writing the batch before; the rows of that batch, like every row it prepared
/// lately, are read from what it prepared (<see cref="RecentRows"/>), not from the store. Used by one thread at a time.
/// </summary>
internal sealed partial class MaterializerShard : IDisposable
{
    /// <summary>
    /// The memory a version's shards together give their <see cref="KnownRows"/>: enough for about 4,800,000 rows. Each
    /// shard's share is rounded down to a power of two, so with a shard count that is not one the total is less.
    /// </summary>
    public const int KnownRowsBytesPerVersion = 4 << 20;

    /// <summary>
    /// The most rows a version's shards together keep in each generation of their <see cref="RecentRows"/> (a few
    /// hundred bytes each): about a day's rows of a daily view over 100,000 keys.
    /// </summary>
    public const int RecentRowsPerVersion = 100_000;

    /// <summary>
    /// The least rows a version's shards together keep in each generation of their <see cref="RecentRows"/>, while rows
    /// rarely come back (as in a replay, whose tasks publish a row about once a commit of several seconds).
    /// </summary>
    public const int LeastRecentRowsPerVersion = RecentRowsPerVersion / 10;

    private readonly CompiledView _view;
    private readonly int _version;
    private readonly ViewStore _store;
    private readonly string _changelog;
    private readonly ILogger _logger;
    private readonly RowRenderer _renderer;
    private readonly KnownRows? _known;
    private readonly RecentRows _recent;
    private readonly List<int> _records = [];
    private readonly List<PartialUpsert> _partials = [];
    private readonly List<SessionPartial> _sessionPartials = [];
    private readonly PartialRowRenderer _render;
    private readonly Func<byte[], IReadOnlyList<byte[]>, IReadOnlyList<(long Start, byte[] Json)>?> _renderSessions;
    private readonly Func<byte[], IReadOnlyList<(long Time, byte[] State)>, IReadOnlyList<long>, IReadOnlyList<(long Start, byte[] Json)>?> _renderSliding;
    private readonly List<string> _unmergeable = [];

    // The batches this shard prepares alternate between two: when one is prepared, the one before it may still be
    // being written, but the one before that is written (the materializer writes one batch at a time, in order).
    private readonly ViewStore.PreparedPartials[] _prepared = [new(0), new(0)];
    private int _preparedBatches;

    /// <param name="view">The view.</param>
    /// <param name="version">The version.</param>
    /// <param name="shards">How many shards share the version's rows.</param>
    /// <param name="fresh">Whether the version has nothing materialized yet, so the shard can know every row it writes.</param>
    /// <param name="store">The store.</param>
    /// <param name="changelog">The changelog topic, for log messages.</param>
    /// <param name="logger">Where skipped records and unmergeable rows are told.</param>
    public MaterializerShard(CompiledView view, int version, int shards, bool fresh, ViewStore store, string changelog, ILogger logger)
    {
        _view = view;
        _version = version;
        _store = store;
        _changelog = changelog;
        _logger = logger;
        _renderer = new RowRenderer(view);
        _render = Render;
        _renderSessions = RenderSessions;
        _renderSliding = RenderSliding;
        _known = fresh && view.Sessions is null && view.Sliding is null ? new KnownRows(KnownRowsBytesPerVersion / shards) : null;
        _recent = new RecentRows(RecentRowsPerVersion / shards, LeastRecentRowsPerVersion / shards);
    }

    /// <summary>The shard of a changelog record: a hash of the group key in its record key (row key and partition).</summary>
    public static int Of(ReadOnlySpan<byte> changelogKey, int shards)
    {
        if (shards == 1 || changelogKey.Length <= sizeof(long) + sizeof(int))
        {
            return 0;
        }

        // The group key: the row key without its window start, without the partition.
        return (int)(Fnv1a.Hash(changelogKey[..^(sizeof(long) + sizeof(int))]) % (uint)shards);
    }

    /// <summary>Assigns a record of the batch about to be prepared (by its index in the batch) to this shard.</summary>
    public void Add(int record) => _records.Add(record);

    /// <summary>
    /// Parses and prepares the records assigned since the last call, all from <paramref name="batch"/>. What it returns
    /// is valid until the second call after this one: by then it must be written.
    /// </summary>
    public ViewStore.PreparedPartials Prepare(RecordBatch batch)
    {
        Collect(batch);
        var into = _prepared[_preparedBatches++ & 1];
        return _store.PreparePartials(_view.Name, _version, _partials, _render, _recent, _known, into);
    }

    /// <summary>Frees the batches it prepares into; none may be being written.</summary>
    public void Dispose()
    {
        foreach (var prepared in _prepared)
        {
            prepared.Dispose();
        }
    }

    /// <summary>Applies the session rows of the records assigned since the last call, and the offsets, in one write.</summary>
    public void ApplySessions(RecordBatch batch, IReadOnlyDictionary<int, long> nextOffsets)
    {
        Collect(batch);
        _store.ApplySessionPartials(_view.Name, _version, _sessionPartials, _renderSessions, nextOffsets);
    }

    /// <summary>
    /// Applies the sliding windows that the 1 ms bucket partials of the records assigned since the last call change,
    /// and the offsets, in one write.
    /// </summary>
    public void ApplySliding(RecordBatch batch, IReadOnlyDictionary<int, long> nextOffsets)
    {
        Collect(batch);
        _store.ApplySlidingPartials(_view.Name, _version, _partials, _view.Sliding!.TimeDifferenceMs, _renderSliding, nextOffsets);
    }

    private void Collect(RecordBatch batch)
    {
        _partials.Clear();
        _sessionPartials.Clear();
        foreach (var index in _records)
        {
            Collect(in batch.Records[index]);
        }

        _records.Clear();
    }

    private void Collect(in LogRecord record)
    {
        if (record.Key is not { Length: > 4 } key)
        {
            // Only tasks write changelogs, always row key + partition and a partial row.
            return;
        }

        if (record.Value is not { } value)
        {
            // A tombstone: a session task retired a row, so its partial is no more.
            if (_view.Sessions is not null)
            {
                _sessionPartials.Add(new SessionPartial(key.Span[..^4].ToArray(), BinaryPrimitives.ReadInt32BigEndian(key.Span[^4..]), null));
            }

            return;
        }

        int sourcePartition;
        byte[] state;
        int rowEnd;
        try
        {
            (sourcePartition, state) = RowRenderer.ReadPartial(value.Span, out rowEnd);
        }
        catch (FormatException e)
        {
            // Not a partial row: skipping it keeps every real row right; stopping would serve none.
            LogSkipped(_logger, _changelog, record.Partition, record.Offset, e.Message);
            return;
        }

        if (BinaryPrimitives.ReadInt32BigEndian(key.Span[^4..]) != sourcePartition)
        {
            return;
        }

        var rowKey = key.Span[..^4].ToArray();
        if (_view.Sessions is not null)
        {
            _sessionPartials.Add(new SessionPartial(rowKey, sourcePartition, state));
        }
        else
        {
            _partials.Add(new PartialUpsert(rowKey, sourcePartition, state, rowEnd > 0 ? value[..rowEnd] : default));
        }
    }

    private bool Render(byte[] rowKey, IReadOnlyList<byte[]> states, ReadOnlyMemory<byte> soleRow, IBufferWriter<byte> output)
    {
        if (!soleRow.IsEmpty)
        {
            // The row's only partition rendered it already, with the renderer this one would use. Its state is not read
            // here, so a state that could not be read would show only once another partition's partial came to merge.
            RowRenderer.RowOfPartial(soleRow.Span, output);
            return true;
        }

        // A merge that fails does so before anything is written, so output holds nothing of the row then.
        try
        {
            _renderer.RenderMerged(RowKey.Decode(rowKey).Key, states, output);
        }
        catch (Exception e) when (e is AggregateInputException or FormatException)
        {
            // The partitions' partials cannot be combined (e.g. a sum beyond decimal range across partitions):
            // the row keeps its last good value, and the log says which row and why.
            LogUnmergeable(_logger, _view.Name, _version, e.Message);
            return false;
        }

        return true;
    }

    private IReadOnlyList<(long Start, byte[] Json)>? RenderSessions(byte[] keyPrefix, IReadOnlyList<byte[]> states)
    {
        try
        {
            return _renderer.RenderSessions(GroupKeyOf(keyPrefix), states);
        }
        catch (Exception e) when (e is AggregateInputException or FormatException)
        {
            // As for a fixed window's row: the key's sessions keep their last good rows, and the log says why.
            LogUnmergeable(_logger, _view.Name, _version, e.Message);
            return null;
        }
    }

    private IReadOnlyList<(long Start, byte[] Json)>? RenderSliding(byte[] keyPrefix, IReadOnlyList<(long Time, byte[] State)> buckets, IReadOnlyList<long> changedTimes)
    {
        IReadOnlyList<(long Start, byte[] Json)> rows;
        _unmergeable.Clear();
        try
        {
            rows = _renderer.RenderSliding(GroupKeyOf(keyPrefix), buckets, changedTimes, _unmergeable);
        }
        catch (FormatException e)
        {
            // A bucket's state is not one of this view's: the key's windows around it keep their last good rows.
            LogUnmergeable(_logger, _view.Name, _version, e.Message);
            return null;
        }

        // As for a fixed window's row: a window whose buckets cannot be combined keeps its last value, and the log says why.
        foreach (var reason in _unmergeable)
        {
            LogUnmergeable(_logger, _view.Name, _version, reason);
        }

        return rows;
    }

    /// <summary>The group key of a row-key prefix (a row key without its window start), as a query names it.</summary>
    private static byte[] GroupKeyOf(byte[] keyPrefix) => RowKey.Decode([.. keyPrefix, .. new byte[sizeof(long)]]).Key;

    [LoggerMessage(Level = LogLevel.Warning, Message = "skipped changelog record {Topic}[{Partition}]@{Offset}: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string topic, int partition, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "view {View}.v{Version}: a row's partials cannot be merged and keeps its last value: {Reason}")]
    private static partial void LogUnmergeable(ILogger logger, string view, int version, string reason);
}
