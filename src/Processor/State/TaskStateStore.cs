using System.Buffers.Binary;
using Kappa.Storage;

namespace Kappa.Processor.State;

/// <summary>
/// A partition task's durable state, one RocksDB per task. Key space:
/// <list type="bullet">
/// <item><c>'s' + rowKey</c> → aggregate state of a row (int64 count, big-endian);</item>
/// <item><c>'o'</c> → the next input offset to process;</item>
/// <item><c>'n'</c> → the next pending-update sequence number;</item>
/// <item><c>'p' + sequence</c> → a pending view update: int32 row-key length, row key, row JSON.</item>
/// </list>
/// The exactly-once invariant: state rows, the input offset and the pending updates that describe the
/// same input are only ever written together, in one atomic write batch (<see cref="Commit"/>). After a
/// crash the store therefore holds the effect of a prefix of the input, exactly once, plus the updates
/// that still have to be published.
/// </summary>
internal sealed class TaskStateStore : IDisposable
{
    private const byte StatePrefix = (byte)'s';
    private const byte PendingPrefix = (byte)'p';
    private static readonly byte[] OffsetKey = [(byte)'o'];
    private static readonly byte[] SequenceKey = [(byte)'n'];

    private readonly RocksDb _db;
    private long _nextSequence;

    private TaskStateStore(RocksDb db)
    {
        _db = db;
        var stored = _db.Get(SequenceKey);
        _nextSequence = stored is null ? 0 : BinaryPrimitives.ReadInt64BigEndian(stored);
    }

    /// <summary>Opens (creating when missing) the store in <paramref name="directory"/>.</summary>
    public static TaskStateStore Open(string directory)
    {
        Directory.CreateDirectory(directory);
        using var options = new DbOptions().SetCreateIfMissing(true);
        return new TaskStateStore(RocksDb.Open(options, directory));
    }

    /// <summary>The next input offset to process, or null for a task that never committed.</summary>
    public long? ReadNextOffset()
    {
        var stored = _db.Get(OffsetKey);
        return stored is null ? null : BinaryPrimitives.ReadInt64BigEndian(stored);
    }

    /// <summary>The stored count of a row; 0 when the row has never been written.</summary>
    public long ReadCount(ReadOnlySpan<byte> rowKey)
    {
        Span<byte> key = rowKey.Length < 512 ? stackalloc byte[rowKey.Length + 1] : new byte[rowKey.Length + 1];
        key[0] = StatePrefix;
        rowKey.CopyTo(key[1..]);
        var stored = _db.Get(key);
        return stored is null ? 0 : BinaryPrimitives.ReadInt64BigEndian(stored);
    }

    /// <summary>The pending updates in sequence order.</summary>
    public IReadOnlyList<PendingUpdate> ReadPending()
    {
        var pending = new List<PendingUpdate>();
        using var readOptions = new ReadOptions().SetPrefixBounds([PendingPrefix]);
        using var iterator = _db.NewIterator(readOptions: readOptions);
        for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
        {
            var sequence = BinaryPrimitives.ReadInt64BigEndian(iterator.Key()[1..]);
            var value = iterator.Value();
            var rowKeyLength = BinaryPrimitives.ReadInt32BigEndian(value);
            pending.Add(new PendingUpdate(
                sequence,
                value.Slice(4, rowKeyLength).ToArray(),
                value[(4 + rowKeyLength)..].ToArray()));
        }

        return pending;
    }

    /// <summary>
    /// Atomically writes the given row states, the next input offset and one pending update per row
    /// (built by <paramref name="render"/>), and returns the pending updates to publish.
    /// </summary>
    public IReadOnlyList<PendingUpdate> Commit(
        IReadOnlyList<(byte[] RowKey, long Count)> rows,
        long nextOffset,
        Func<byte[], long, byte[]> render)
    {
        var pending = new List<PendingUpdate>(rows.Count);
        using var batch = new WriteBatch();
        Span<byte> number = stackalloc byte[sizeof(long)];
        foreach (var (rowKey, count) in rows)
        {
            var stateKey = new byte[rowKey.Length + 1];
            stateKey[0] = StatePrefix;
            rowKey.CopyTo(stateKey, 1);
            BinaryPrimitives.WriteInt64BigEndian(number, count);
            batch.Put(stateKey, number);

            var update = new PendingUpdate(_nextSequence++, rowKey, render(rowKey, count));
            batch.Put(PendingKey(update.Sequence), EncodePending(update));
            pending.Add(update);
        }

        BinaryPrimitives.WriteInt64BigEndian(number, nextOffset);
        batch.Put(OffsetKey, number);
        BinaryPrimitives.WriteInt64BigEndian(number, _nextSequence);
        batch.Put(SequenceKey, number);
        _db.Write(batch);
        return pending;
    }

    /// <summary>Forgets pending updates up to and including <paramref name="lastSequence"/>: they are published.</summary>
    public void ClearPending(long lastSequence)
    {
        using var batch = new WriteBatch();
        batch.DeleteRange(PendingKey(0), PendingKey(lastSequence + 1));
        _db.Write(batch);
    }

    /// <inheritdoc />
    public void Dispose() => _db.Dispose();

    private static byte[] PendingKey(long sequence)
    {
        var key = new byte[1 + sizeof(long)];
        key[0] = PendingPrefix;
        BinaryPrimitives.WriteInt64BigEndian(key.AsSpan(1), sequence);
        return key;
    }

    private static byte[] EncodePending(PendingUpdate update)
    {
        var encoded = new byte[4 + update.RowKey.Length + update.Value.Length];
        BinaryPrimitives.WriteInt32BigEndian(encoded, update.RowKey.Length);
        update.RowKey.CopyTo(encoded, 4);
        update.Value.CopyTo(encoded, 4 + update.RowKey.Length);
        return encoded;
    }
}
