using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
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
/// <item><c>'p' + sequence</c> → an <see cref="OutboxRecord"/> not yet acknowledged by the log;</item>
/// <item><c>'k'</c> → where the dead-letter and late topics ended before the last commit that staged rejected
/// records (see <see cref="RejectionLedger"/>).</item>
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
    private const byte MarksKey = (byte)'k';

    // A file beside the store's own: present once the store is written only by versions that never range-delete.
    private const string HintedMarker = "KAPPA-HINTED";

    // The orders of a commit's sorts, as delegates made once: sorting an array through an IComparer makes a delegate
    // of its Compare per call, and SortByKey sorts each run of keys that share their first eight bytes, often
    // thousands of runs a commit.

    /// <summary>Orders rows by row key, as their store keys sort.</summary>
    private static readonly Comparison<(byte[] Key, RowState Row)> RowsByKey = static (x, y) => x.Key.AsSpan().SequenceCompareTo(y.Key);

    /// <summary>Orders closed rows by row key, as their store keys sort.</summary>
    private static readonly Comparison<(byte[] Key, long End)> ClosedByKey = static (x, y) => x.Key.AsSpan().SequenceCompareTo(y.Key);

    /// <summary>Orders rows by window end, then row key, as their close-index keys sort.</summary>
    private static readonly Comparison<(byte[] Key, RowState Row)> ByEndThenKey = static (x, y) =>
    {
        var byEnd = x.Row.Window.End.CompareTo(y.Row.Window.End);
        return byEnd != 0 ? byEnd : x.Key.AsSpan().SequenceCompareTo(y.Key);
    };

    private readonly RocksDb _db;
    private readonly IReadOnlyList<IAggregateFunction> _aggregates;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private byte[] _key = new byte[256];
    private (byte[] Key, RowState Row)[] _sorted = [];
    private (byte[] Key, long End)[] _sortedClosed = [];
    private (byte[] Key, RowState Row)[] _fresh = [];
    private ulong[] _prefixes = [];

    // The commits' write batch, cleared and reused: a batch's buffer grows by doubling, copying and faulting in its
    // memory as it goes, which for the commits of a task catching up over many keys (tens of megabytes) was a
    // noticeable part of the commit. Reused, it grows once. Once commits stay far smaller than the largest one (the
    // task caught up), the batch is replaced, which returns that memory.
    private WriteBatch _batch = new();
    private long _largestBatch;
    private int _smallBatches;

    // Close-index entries ending at or before this were all deleted by a commit (which deletes every row the scan
    // before it found), and none can be written again (their windows are closed, so their events are late): scans
    // start after it rather than wading through the tombstones of every closed hour.
    private long _deletedThrough = long.MinValue;
    private long _scannedThrough = long.MinValue;

    private TaskStore(RocksDb db, IReadOnlyList<IAggregateFunction> aggregates)
    {
        _db = db;
        _aggregates = aggregates;
    }

    public static TaskStore Open(string directory, IReadOnlyList<IAggregateFunction> aggregates)
    {
        var marker = Path.Combine(directory, HintedMarker);
        if (File.Exists(Path.Combine(directory, "CURRENT")) && !File.Exists(marker))
        {
            // A store written before the insert hint may hold range deletions in its write-ahead log, which must not
            // be replayed into a hinted memtable (see UseSequentialInsertHint): recover it without the hint, and flush
            // what was recovered, before opening it with the hint.
            using var plain = Options(hinted: false);
            using var recovered = RocksDb.Open(plain, directory);
            recovered.Flush();
        }

        Directory.CreateDirectory(directory);
        using var options = Options(hinted: true);
        var db = RocksDb.Open(options, directory);
        try
        {
            if (!File.Exists(marker))
            {
                // From here on this store's log holds no range deletion: later opens need no recovery without the hint.
                File.WriteAllBytes(marker, []);
            }
        }
        catch
        {
            db.Dispose();
            throw;
        }

        return new TaskStore(db, aggregates);
    }

    /// <summary>
    /// The size of a task store's memtable: 16 MiB, as Kafka Streams gives its RocksDB stores, rather than RocksDB's 64.
    /// A commit's batch goes whole into one memtable, so a task catching up fills a memtable per commit or two either
    /// way; with the smaller size each commit starts a fresh skip list instead of inserting into one that already holds
    /// the commits before it, and memtable inserts, the largest cost of a commit, got cheaper: at 1,000,000 keys the
    /// processor benchmark went from about 430,000 events/s to about 480,000 with this alone, and to 525,000-550,000
    /// with the reused commit batch below (docs/benchmarks.md).
    /// </summary>
    private const ulong WriteBufferBytes = 16 * 1024 * 1024;

    /// <summary>
    /// The store's options. Bloom filters let a point read of a row that is not there skip every table file: once the
    /// cache has evicted rows, each new row is such a read. The insert hint makes a commit's inserts, which go in key
    /// order, each start where the one before ended; it requires that the store never take a range deletion. The
    /// memtable is <see cref="WriteBufferBytes"/>.
    /// </summary>
    private static DbOptions Options(bool hinted)
    {
        using var tableOptions = new BlockBasedTableOptions().SetBloomFilter(10);
        var options = new DbOptions().SetCreateIfMissing(true).SetBlockBasedTableFactory(tableOptions).SetWriteBufferSize(WriteBufferBytes);
        if (hinted)
        {
            options.UseSequentialInsertHint();
        }

        return options;
    }

    /// <summary>The rejection marks of the last commit that staged rejected records, or null.</summary>
    public byte[]? ReadRejectionMarks() => _db.Get([MarksKey]);

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
        if (stored is null)
        {
            return null;
        }

        var row = RowState.Read(stored, _aggregates);
        row.Stored = true;
        return row;
    }

    /// <summary>Whether the store holds any row.</summary>
    public bool HasRows()
    {
        using var readOptions = new ReadOptions().SetPrefixBounds([RowPrefix]);
        using var iterator = _db.NewIterator(readOptions: readOptions);
        iterator.SeekToFirst();
        return iterator.Valid();
    }

    /// <summary>Every stored row's key and window, in row-key order: what a session task's index is rebuilt from.</summary>
    public List<(byte[] RowKey, Windows.Window Window)> ReadRowWindows()
    {
        var rows = new List<(byte[], Windows.Window)>();
        using var readOptions = new ReadOptions().SetPrefixBounds([RowPrefix]);
        using var iterator = _db.NewIterator(readOptions: readOptions);
        for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
        {
            var value = iterator.Value();
            rows.Add((iterator.Key()[1..].ToArray(), new Windows.Window(BinaryPrimitives.ReadInt64BigEndian(value), BinaryPrimitives.ReadInt64BigEndian(value[8..]))));
        }

        return rows;
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

    /// <summary>
    /// The rows whose window ends at or before <paramref name="end"/>, in end order, added to <paramref name="rows"/>
    /// (a caller's list, reused from commit to commit: at a window's end it holds every row of the window; the caller
    /// clears it). The caller deletes them all in the next <see cref="Commit"/>.
    /// </summary>
    public void RowsEndingBy(long end, List<(byte[] RowKey, long End)> rows)
    {
        var lower = _deletedThrough == long.MinValue ? [ClosePrefix] : NewCloseKey(_deletedThrough + 1);
        var upper = NewCloseKey(end + 1);
        _scannedThrough = end;
        using var readOptions = new ReadOptions().SetIterateLowerBound(lower).SetIterateUpperBound(upper);
        using var iterator = _db.NewIterator(readOptions: readOptions);
        for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
        {
            var key = iterator.Key();
            rows.Add((key[9..].ToArray(), Unflip(BinaryPrimitives.ReadUInt64BigEndian(key[1..]))));
        }
    }

    /// <summary>
    /// Atomically writes the dirty rows (new ones also enter the close index), deletes the closed rows (with their
    /// close-index entries: rows this store holds), stages the outbox records and stores the meta. Afterwards every
    /// written row is <see cref="RowState.Stored"/>.
    /// </summary>
    public void Commit(
        TaskMeta meta,
        IReadOnlyList<(byte[] Key, RowState Row)> dirty,
        IReadOnlyList<(byte[] Key, long End)> closed,
        IReadOnlyList<OutboxRecord> outbox,
        byte[]? rejectionMarks = null)
    {
        // The batch holds distinct keys, so the order of its entries changes nothing but speed: RocksDB's memtable
        // inserts a run of ascending keys far faster than scattered ones, as it keeps its place in the skip list.
        // So every key space goes in key order: close index ('e'), meta ('m'), outbox ('p'), rows ('s').
        // The batch copies keys and values, so one scratch key and one value buffer serve every entry.
        var rows = Sorted(dirty, ref _sorted);
        var closedRows = Sorted(closed, ref _sortedClosed);

        // Whatever happens, the batch leaves empty: a commit that failed half-built must not leak into the next.
        var batch = _batch;
        try
        {
            foreach (var (key, end) in closed)
            {
                batch.Delete(CloseKey(end, key));
            }

            // Only rows not stored yet get a close-index entry: sort just those by their entries' order.
            Grow(ref _fresh, dirty.Count);
            var fresh = 0;
            foreach (var entry in dirty)
            {
                if (!entry.Row.Stored)
                {
                    _fresh[fresh++] = entry;
                }
            }

            _fresh.AsSpan(0, fresh).Sort(ByEndThenKey);
            foreach (var (key, row) in _fresh.AsSpan(0, fresh))
            {
                batch.Put(CloseKey(row.Window.End, key), []);
            }

            Array.Clear(_fresh, 0, fresh);

            if (rejectionMarks is not null)
            {
                batch.Put([MarksKey], rejectionMarks);
            }

            Span<byte> encodedMeta = stackalloc byte[TaskMeta.EncodedLength];
            meta.Write(encodedMeta);
            batch.Put([MetaPrefix], encodedMeta);
            foreach (var record in outbox)
            {
                _buffer.ResetWrittenCount();
                record.Encode(_buffer);
                batch.Put(OutboxKey(record.Sequence), _buffer.WrittenSpan);
            }

            SortByKey(closedRows, closed.Count, static e => e.Key, ClosedByKey);
            foreach (var (key, _) in closedRows.AsSpan(0, closed.Count))
            {
                batch.Delete(RowKeyOf(key));
            }

            SortByKey(rows, dirty.Count, static e => e.Key, RowsByKey);
            foreach (var (key, row) in rows.AsSpan(0, dirty.Count))
            {
                _buffer.ResetWrittenCount();
                row.Write(_buffer);
                batch.Put(RowKeyOf(key), _buffer.WrittenSpan);
            }

            _db.Write(batch);
        }
        finally
        {
            Recycle(batch);
        }

        _deletedThrough = Math.Max(_deletedThrough, _scannedThrough);
        foreach (var (_, row) in dirty)
        {
            row.Stored = true;
        }

        // The copies would keep rows alive until the next commit.
        Array.Clear(rows, 0, dirty.Count);
        Array.Clear(closedRows, 0, closed.Count);
    }

    /// <summary>
    /// Sorts the first <paramref name="count"/> entries by key: by each key's first eight bytes read as one number (a
    /// sort of primitives, several times faster than comparing arrays through a comparer), then each run of entries
    /// that share those bytes by the whole key. Keys shorter than eight bytes are read as if padded with zeros, and
    /// the run's sort puts them in order.
    /// </summary>
    private void SortByKey<T>(T[] entries, int count, Func<T, byte[]> keyOf, Comparison<T> byKey)
    {
        Grow(ref _prefixes, count);
        Span<byte> padded = stackalloc byte[sizeof(ulong)];
        for (var i = 0; i < count; i++)
        {
            var key = keyOf(entries[i]);
            if (key.Length >= sizeof(ulong))
            {
                _prefixes[i] = BinaryPrimitives.ReadUInt64BigEndian(key);
            }
            else
            {
                padded.Clear();
                key.CopyTo(padded);
                _prefixes[i] = BinaryPrimitives.ReadUInt64BigEndian(padded);
            }
        }

        Array.Sort(_prefixes, entries, 0, count);
        for (var start = 0; start < count;)
        {
            var end = start + 1;
            while (end < count && _prefixes[end] == _prefixes[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                entries.AsSpan(start, end - start).Sort(byKey);
            }

            start = end;
        }
    }

    /// <summary>Makes <paramref name="array"/> at least <paramref name="length"/> long; what it held is not kept.</summary>
    private static void Grow<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            array = new T[Math.Max(length, array.Length * 2)];
        }
    }

    /// <summary>Copies <paramref name="entries"/> into <paramref name="copy"/>, grown as needed, for sorting.</summary>
    private static T[] Sorted<T>(IReadOnlyList<T> entries, ref T[] copy)
    {
        Grow(ref copy, entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            copy[i] = entries[i];
        }

        return copy;
    }

    /// <summary>
    /// Forgets <paramref name="records"/>, outbox records just published (or found stale): a point deletion per record,
    /// never a range deletion (see <see cref="Options"/>).
    /// </summary>
    public void ClearOutbox(IReadOnlyList<OutboxRecord> records)
    {
        using var batch = new WriteBatch();
        foreach (var record in records)
        {
            batch.Delete(OutboxKey(record.Sequence));
        }

        _db.Write(batch);
    }

    /// <summary>
    /// The store's size in bytes, as RocksDB estimates it: live data in its table files plus its memtables. Safe to call
    /// from another thread while the store is open.
    /// </summary>
    public long EstimatedBytes() => Property("rocksdb.estimate-live-data-size") + Property("rocksdb.cur-size-all-mem-tables");

    public void Dispose()
    {
        _batch.Dispose();
        _db.Dispose();
    }

    /// <summary>
    /// Clears the commit batch for the next commit, or replaces it once 64 commits in a row needed less than an eighth
    /// of the largest one's size.
    /// </summary>
    private void Recycle(WriteBatch batch)
    {
        var size = batch.DataSize();
        _largestBatch = Math.Max(_largestBatch, size);
        _smallBatches = size * 8 < _largestBatch ? _smallBatches + 1 : 0;
        if (_smallBatches < 64)
        {
            batch.Clear();
            return;
        }

        batch.Dispose();
        _batch = new WriteBatch();
        (_largestBatch, _smallBatches) = (0, 0);
    }

    private long Property(string name) =>
        long.TryParse(_db.GetProperty(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;

    /// <summary>The store key of a row, in the scratch key: valid until the next key is built.</summary>
    private ReadOnlySpan<byte> RowKeyOf(byte[] rowKey)
    {
        var key = Scratch(rowKey.Length + 1);
        key[0] = RowPrefix;
        rowKey.CopyTo(key[1..]);
        return key;
    }

    /// <summary>The close-index key of a row, in the scratch key: valid until the next key is built.</summary>
    private ReadOnlySpan<byte> CloseKey(long end, ReadOnlySpan<byte> rowKey)
    {
        var key = Scratch(9 + rowKey.Length);
        WriteCloseKey(key, end, rowKey);
        return key;
    }

    private static byte[] NewCloseKey(long end)
    {
        var key = new byte[9];
        WriteCloseKey(key, end, []);
        return key;
    }

    private static void WriteCloseKey(Span<byte> key, long end, ReadOnlySpan<byte> rowKey)
    {
        key[0] = ClosePrefix;
        BinaryPrimitives.WriteUInt64BigEndian(key[1..], Flip(end));
        rowKey.CopyTo(key[9..]);
    }

    private static byte[] OutboxKey(long sequence)
    {
        var key = new byte[9];
        key[0] = OutboxPrefix;
        BinaryPrimitives.WriteInt64BigEndian(key.AsSpan(1), sequence);
        return key;
    }

    private Span<byte> Scratch(int length)
    {
        if (_key.Length < length)
        {
            _key = new byte[Math.Max(length, _key.Length * 2)];
        }

        return _key.AsSpan(0, length);
    }

    // Flipping the sign bit makes signed times sort as unsigned big-endian bytes.
    private static ulong Flip(long value) => unchecked((ulong)value ^ 0x8000_0000_0000_0000UL);

    private static long Unflip(ulong value) => unchecked((long)(value ^ 0x8000_0000_0000_0000UL));
}
