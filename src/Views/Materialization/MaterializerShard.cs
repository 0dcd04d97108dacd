using System.Buffers.Binary;
using Kappa.Contracts.Views;
using Kappa.Log.Abstractions;
using Kappa.Processor.Aggregates;
using Kappa.Processor.Pipeline;
using Kappa.Views.Store;
using Microsoft.Extensions.Logging;

namespace Kappa.Views.Materialization;

/// <summary>
/// One shard of a version's materializer: it owns the rows whose group key hashes to it (<see cref="Of"/>), and
/// applies its share of every polled batch to the store in one write with its own offsets and row count. A shard
/// keeps the next offset it applied per changelog partition and skips records before it, so after a restart, when
/// the consumer resumes from the least shard's offset, no shard applies a record twice or takes a row back to an
/// older state. Used by one thread at a time.
/// </summary>
internal sealed partial class MaterializerShard
{
    /// <summary>The most rows a version's shards together keep in their <see cref="KnownRows"/> (about 32 bytes each).</summary>
    public const int KnownRowsPerVersion = 2_000_000;

    private readonly CompiledView _view;
    private readonly int _version;
    private readonly ViewStore _store;
    private readonly string _changelog;
    private readonly ILogger _logger;
    private readonly RowRenderer _renderer;
    private readonly Dictionary<int, long> _applied = [];
    private readonly KnownRows? _known;
    private readonly Dictionary<int, long> _advance = [];
    private readonly List<int> _records = [];
    private readonly List<PartialUpsert> _partials = [];
    private readonly List<SessionPartial> _sessionPartials = [];
    private readonly Func<byte[], IReadOnlyList<byte[]>, byte[]?> _render;
    private readonly Func<byte[], IReadOnlyList<byte[]>, IReadOnlyList<(long Start, byte[] Json)>?> _renderSessions;

    public MaterializerShard(CompiledView view, int version, int index, int shards, ViewStore store, TopicDescription changelog, ILogger logger)
    {
        _view = view;
        _version = version;
        Index = index;
        _store = store;
        _changelog = changelog.Name;
        _logger = logger;
        _renderer = new RowRenderer(view);
        _render = Render;
        _renderSessions = RenderSessions;
        for (var partition = 0; partition < changelog.Partitions; partition++)
        {
            if (store.ReadNextOffset(view.Name, version, partition, index) is { } next)
            {
                _applied[partition] = next;
            }
        }

        // A shard that applied nothing has no rows: it can know every row it writes from here on.
        _known = view.Sessions is null && _applied.Count == 0 ? new KnownRows(KnownRowsPerVersion / shards) : null;
    }

    /// <summary>The shard's number.</summary>
    public int Index { get; }

    /// <summary>
    /// The shard of a changelog record: a hash of the group key in its record key (row key and partition), so all
    /// rows of one key, and so all of a key's sessions, share a shard. Stable across processes and versions of .NET,
    /// since the store keeps each shard's rows apart under the shard count it was created with.
    /// </summary>
    public static int Of(ReadOnlySpan<byte> changelogKey, int shards)
    {
        if (shards == 1 || changelogKey.Length <= sizeof(long) + sizeof(int))
        {
            return 0;
        }

        // The group key: the row key without its window start, without the partition.
        return (int)(Fnv1a.Hash(changelogKey[..^(sizeof(long) + sizeof(int))]) % (uint)shards);
    }

    /// <summary>The next offset this shard applies for a changelog partition; <see cref="LogOffset.Beginning"/> when none.</summary>
    public long NextOffset(int partition) => _applied.TryGetValue(partition, out var next) ? next : LogOffset.Beginning;

    /// <summary>Assigns a record of the batch about to be applied (by its index in the batch) to this shard.</summary>
    public void Add(int record) => _records.Add(record);

    /// <summary>
    /// Applies the records assigned since the last call, all from <paramref name="batch"/>, and advances the shard
    /// to <paramref name="nextOffsets"/> (the offsets after the batch, per changelog partition), in one write.
    /// </summary>
    public void Apply(RecordBatch batch, IReadOnlyDictionary<int, long> nextOffsets)
    {
        _partials.Clear();
        _sessionPartials.Clear();
        foreach (var index in _records)
        {
            Collect(in batch.Records[index]);
        }

        _records.Clear();
        _advance.Clear();
        foreach (var (partition, next) in nextOffsets)
        {
            // Never backwards: after a restart the batch may end before where this shard already was.
            if (next > NextOffset(partition))
            {
                _advance[partition] = next;
            }
        }

        if (_advance.Count == 0)
        {
            return;
        }

        if (_view.Sessions is not null)
        {
            _store.ApplySessionPartials(_view.Name, _version, Index, _sessionPartials, _renderSessions, _advance);
        }
        else
        {
            _store.ApplyPartials(_view.Name, _version, Index, _partials, _render, _advance, _known);
        }

        foreach (var (partition, next) in _advance)
        {
            _applied[partition] = next;
        }
    }

    private void Collect(in LogRecord record)
    {
        if (record.Offset < NextOffset(record.Partition) || record.Key is not { Length: > 4 } key)
        {
            // Applied before a restart; or not a task's record, which is always row key + partition.
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
        try
        {
            (sourcePartition, state) = RowRenderer.ReadPartial(value.Span);
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
            _partials.Add(new PartialUpsert(rowKey, sourcePartition, state));
        }
    }

    private byte[]? Render(byte[] rowKey, IReadOnlyList<byte[]> states)
    {
        try
        {
            return _renderer.RenderMerged(RowKey.Decode(rowKey).Key, states);
        }
        catch (Exception e) when (e is AggregateInputException or FormatException)
        {
            // The partitions' partials cannot be combined (e.g. a sum beyond decimal range across partitions):
            // the row keeps its last good value, and the log says which row and why.
            LogUnmergeable(_logger, _view.Name, _version, e.Message);
            return null;
        }
    }

    private IReadOnlyList<(long Start, byte[] Json)>? RenderSessions(byte[] keyPrefix, IReadOnlyList<byte[]> states)
    {
        try
        {
            return _renderer.RenderSessions(RowKey.Decode([.. keyPrefix, .. new byte[sizeof(long)]]).Key, states);
        }
        catch (Exception e) when (e is AggregateInputException or FormatException)
        {
            // As for a fixed window's row: the key's sessions keep their last good rows, and the log says why.
            LogUnmergeable(_logger, _view.Name, _version, e.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "skipped changelog record {Topic}[{Partition}]@{Offset}: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string topic, int partition, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "view {View}.v{Version}: a row's partials cannot be merged and keeps its last value: {Reason}")]
    private static partial void LogUnmergeable(ILogger logger, string view, int version, string reason);
}
