using System.Buffers;
using System.Buffers.Binary;
using Kappa.Processor.Aggregates;
using Kappa.Storage;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// A task's durable state, one RocksDB per task. Key space:
/// <list type="bullet">
/// <item><c>'m'</c> → <see cref="TaskMeta"/> (next offset, outbox sequence, newest event time, counters);</item>
/// <item><c>'s' + rowKey</c> → <see cref="RowState"/> of an open window;</item>
/// <item><c>'e' + windowEnd + rowKey</c> → nothing: the close index, ordered by window end, so closing the
/// windows the watermark passed is a range scan;</item>
/// <item><c>'p' + sequence</c> → an <see cref="OutboxRecord"/> not yet acknowledged by the log.</item>
/// </list>
/// The exactly-once invariant: all four change only together, in one atomic write batch
/// (<see cref="Commit"/>). After a crash the store holds the effect of a prefix of the input, once, plus the
/// records still to publish.
/// </summary>
internal sealed class TaskStore : IDisposable
{
    private const byte MetaPrefix = (byte)'m';
    private const byte RowPrefix = (byte)'s';
    private const byte ClosePrefix = (byte)'e';
    private const byte OutboxPrefix = (byte)'p';

    private readonly RocksDb _db;
    private readonly IReadOnlyList<IAggregateFunction> _aggregates;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

    private TaskStore(RocksDb db, IReadOnlyList<IAggregateFunction> aggregates)
    {
        _db = db;
        _aggregates = aggregates;
    }

    public static TaskStore Open(string directory, IReadOnlyList<IAggregateFunction> aggregates)
    {
        Directory.CreateDirectory(directory);
        using var options = new DbOptions().SetCreateIfMissing(true);
        return new TaskStore(RocksDb.Open(options, directory), aggregates);
    }

    public TaskMeta ReadMeta()
    {
        var stored = _db.Get([MetaPrefix]);
        return stored is null ? TaskMeta.Initial : TaskMeta.Read(stored);
    }

    public RowState? ReadRow(ReadOnlySpan<byte> rowKey)
    {
        Span<byte> key = rowKey.Length < 1024 ? stackalloc byte[rowKey.Length + 1] : new byte[rowKey.Length + 1];
        key[0] = RowPrefix;
        rowKey.CopyTo(key[1..]);
        var stored = _db.Get(key);
        return stored is null ? null : RowState.Read(stored, _aggregates);
    }

    public IReadOnlyList<OutboxRecord> ReadOutbox()
    {
        var records = new List<OutboxRecord>();
        using var readOptions = new ReadOptions().SetPrefixBounds([OutboxPrefix]);
        using var iterator = _db.NewIterator(readOptions: readOptions);
        for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
        {
            records.Add(OutboxRecord.Decode(BinaryPrimitives.ReadInt64BigEndian(iterator.Key()[1..]), iterator.Value()));
        }

        return records;
    }

    /// <summary>The rows whose window ends at or before <paramref name="end"/>, in end order.</summary>
    public IReadOnlyList<(byte[] RowKey, long End)> RowsEndingBy(long end)
    {
        var rows = new List<(byte[], long)>();
        var upper = CloseKey(end + 1, []);
        using var readOptions = new ReadOptions().SetIterateLowerBound([ClosePrefix]).SetIterateUpperBound(upper);
        using var iterator = _db.NewIterator(readOptions: readOptions);
        for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
        {
            var key = iterator.Key();
            rows.Add((key[9..].ToArray(), Unflip(BinaryPrimitives.ReadUInt64BigEndian(key[1..]))));
        }

        return rows;
    }

    /// <summary>
    /// Atomically writes the dirty rows (new ones also enter the close index), deletes the closed rows,
    /// stages the outbox records and stores the meta.
    /// </summary>
    public void Commit(
        TaskMeta meta,
        IReadOnlyList<(byte[] Key, RowState Row)> dirty,
        IReadOnlyList<(byte[] Key, long End)> closed,
        IReadOnlyList<OutboxRecord> outbox)
    {
        using var batch = new WriteBatch();
        foreach (var (key, row) in dirty)
        {
            _buffer.ResetWrittenCount();
            row.Write(_buffer);
            batch.Put(RowKeyOf(key), _buffer.WrittenSpan);
            batch.Put(CloseKey(row.Window.End, key), []);
        }

        foreach (var (key, end) in closed)
        {
            batch.Delete(RowKeyOf(key));
            batch.Delete(CloseKey(end, key));
        }

        foreach (var record in outbox)
        {
            batch.Put(OutboxKey(record.Sequence), record.Encode());
        }

        Span<byte> encodedMeta = stackalloc byte[TaskMeta.EncodedLength];
        meta.Write(encodedMeta);
        batch.Put([MetaPrefix], encodedMeta);
        _db.Write(batch);
    }

    /// <summary>Forgets outbox records up to and including <paramref name="lastSequence"/>: they are published.</summary>
    public void ClearOutbox(long lastSequence)
    {
        using var batch = new WriteBatch();
        batch.DeleteRange(OutboxKey(0), OutboxKey(lastSequence + 1));
        _db.Write(batch);
    }

    public void Dispose() => _db.Dispose();

    private static byte[] RowKeyOf(byte[] rowKey)
    {
        var key = new byte[rowKey.Length + 1];
        key[0] = RowPrefix;
        rowKey.CopyTo(key, 1);
        return key;
    }

    private static byte[] CloseKey(long end, ReadOnlySpan<byte> rowKey)
    {
        var key = new byte[9 + rowKey.Length];
        key[0] = ClosePrefix;
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(1), Flip(end));
        rowKey.CopyTo(key.AsSpan(9));
        return key;
    }

    private static byte[] OutboxKey(long sequence)
    {
        var key = new byte[9];
        key[0] = OutboxPrefix;
        BinaryPrimitives.WriteInt64BigEndian(key.AsSpan(1), sequence);
        return key;
    }

    // Flipping the sign bit makes signed times sort as unsigned big-endian bytes.
    private static ulong Flip(long value) => unchecked((ulong)value ^ 0x8000_0000_0000_0000UL);

    private static long Unflip(ulong value) => unchecked((long)(value ^ 0x8000_0000_0000_0000UL));
}
