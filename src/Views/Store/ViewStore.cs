using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using Kappa.Contracts.Views;
using Kappa.Storage;

namespace Kappa.Views.Store;

/// <summary>
/// The materialized rows of every view version, in one RocksDB: a column family per version
/// (<c>view.vN</c>), keyed by <see cref="RowKey"/>, valued by the row's JSON, and beside it the partial states
/// the source partitions contributed (<c>view.vN.partials</c>, keyed by row key and partition), from which
/// each row is merged. The default column family
/// holds bookkeeping: per version and changelog partition the next offset to apply, the row count, and the store's
/// <see cref="InstanceId"/>.
/// <para>
/// Invariant: rows, offsets and counts of a version change only together, in one write batch
/// (<see cref="Apply"/>, <see cref="WritePartials"/>), so a crash leaves the store at the state after some prefix of
/// each changelog partition and the materializer resumes exactly there.
/// </para>
/// <para>
/// Reads never create a version: reading one that does not exist (or was dropped) finds nothing. Dropping a
/// version waits for reads in flight, so a query that chose a version reads it whole or not at all.
/// </para>
/// </summary>
internal sealed partial class ViewStore : IDisposable
{
    /// <summary>
    /// The block cache every version family shares unless the host sizes it: 64 MiB. Kafka Streams gives each store
    /// 50 MB; RocksDB's own default here was a private 8 MiB, far less than the rows of a 1,000,000-event daily view
    /// (about 250,000), so many point queries read a table block from the page cache (a system call) and decompressed
    /// it (docs/benchmarks.md).
    /// </summary>
    public const long DefaultBlockCacheBytes = 64L << 20;

    private readonly RocksDb _db;
    private readonly Cache _blockCache;
    private readonly ColumnFamilyOptions _familyOptions;
    private readonly ConcurrentDictionary<string, ColumnFamilyHandle> _families = new(StringComparer.Ordinal);
    private readonly Lock _createLock = new();
    private readonly ReaderWriterLockSlim _dropLock = new(LockRecursionPolicy.SupportsRecursion);
    private int _disposed;

    private static readonly byte[] InstanceKey = "instance"u8.ToArray();

    private ViewStore(RocksDb db, IEnumerable<string> families, Cache blockCache, ColumnFamilyOptions familyOptions)
    {
        _db = db;
        _blockCache = blockCache;
        _familyOptions = familyOptions;
        foreach (var name in families)
        {
            if (name != "default")
            {
                _families[name] = db.GetColumnFamily(name);
            }
        }

        if (db.Get(InstanceKey) is { } stored)
        {
            InstanceId = Encoding.UTF8.GetString(stored);
        }
        else
        {
            InstanceId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
            db.Put(InstanceKey, Encoding.UTF8.GetBytes(InstanceId));
        }
    }

    /// <summary>
    /// A random name this store gets when it is created and keeps for its life. Every views server materializes into
    /// a store of its own, so the name tells servers apart where they share a log: each one's materializer commits
    /// its progress to a consumer group of its own (<see cref="Materialization.ViewMaterializer.GroupId"/>).
    /// </summary>
    public string InstanceId { get; }

    /// <summary>The bytes the shared block cache holds now (at most its capacity, give or take a block in use).</summary>
    public long BlockCacheUsage => (long)_blockCache.Usage;

    /// <summary>
    /// Opens (creating when missing) the store in <paramref name="directory"/>, with one LRU block cache of
    /// <paramref name="blockCacheBytes"/> that the families of every version share (the bookkeeping family keeps
    /// RocksDB's own small one).
    /// </summary>
    public static ViewStore Open(string directory, long blockCacheBytes = DefaultBlockCacheBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockCacheBytes);
        Directory.CreateDirectory(directory);
        using var options = new DbOptions().SetCreateIfMissing(true).SetCreateMissingColumnFamilies(true);
        var blockCache = Cache.CreateLru((ulong)blockCacheBytes);
        ColumnFamilyOptions? familyOptions = null;
        RocksDb? db = null;
        try
        {
            familyOptions = NewFamilyOptions(blockCache);
            var existing = File.Exists(Path.Combine(directory, "CURRENT"))
                ? RocksDb.ListColumnFamilies(options, directory)
                : ["default"];
            var families = new ColumnFamilies();
            foreach (var name in existing)
            {
                if (name != "default")
                {
                    families.Add(name, familyOptions);
                }
            }

            db = RocksDb.Open(options, directory, families);
            return new ViewStore(db, existing, blockCache, familyOptions);
        }
        catch
        {
            db?.Dispose();
            familyOptions?.Dispose();
            blockCache.Dispose();
            throw;
        }
    }

    /// <summary>The next changelog offset to apply for a version's partition, or null when none was applied.</summary>
    public long? ReadNextOffset(string view, int version, int partition)
    {
        var stored = _db.Get(OffsetKey(view, version, partition));
        return stored is null ? null : BinaryPrimitives.ReadInt64BigEndian(stored);
    }

    /// <summary>The number of rows of a version.</summary>
    public long CountRows(string view, int version)
    {
        var stored = _db.Get(CountKey(view, version));
        return stored is null ? 0 : BinaryPrimitives.ReadInt64BigEndian(stored);
    }

    /// <summary>
    /// Applies row upserts and advances the offsets, atomically. A row whose value is null is deleted.
    /// Re-applying the same records is harmless: upserts are idempotent.
    /// </summary>
    public void Apply(string view, int version, IReadOnlyList<RowUpsert> upserts, IReadOnlyDictionary<int, long> nextOffsets)
    {
        _dropLock.EnterReadLock();
        try
        {
            using var batch = new WriteBatch();
            ApplyRows(batch, view, version, upserts);
            Finish(batch, view, version, nextOffsets);
        }
        finally
        {
            _dropLock.ExitReadLock();
        }
    }

    /// <param name="batch">The batch to add to.</param>
    /// <param name="view">The view.</param>
    /// <param name="version">The version.</param>
    /// <param name="upserts">The row writes.</param>
    private void ApplyRows(WriteBatch batch, string view, int version, IReadOnlyList<RowUpsert> upserts)
    {
        var family = Family(view, version);
        var count = CountRows(view, version);

        // Whether each touched row exists after the upserts applied so far in this batch.
        var present = new Dictionary<byte[], bool>(ByteArrayComparer.Instance);
        foreach (var upsert in upserts)
        {
            var existed = present.TryGetValue(upsert.RowKey, out var inBatch)
                ? inBatch
                : _db.Get(upsert.RowKey, family) is not null;
            var exists = upsert.Value is not null;
            present[upsert.RowKey] = exists;
            count += (exists ? 1 : 0) - (existed ? 1 : 0);
            if (exists)
            {
                batch.Put(upsert.RowKey, upsert.Value, family);
            }
            else
            {
                batch.Delete(upsert.RowKey, family);
            }
        }

        PutCount(batch, view, version, count);
    }

    private static void PutCount(WriteBatch batch, string view, int version, long count)
    {
        Span<byte> number = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(number, count);
        batch.Put(CountKey(view, version), number);
    }

    private void Finish(WriteBatch batch, string view, int version, IReadOnlyDictionary<int, long> nextOffsets)
    {
        Span<byte> number = stackalloc byte[sizeof(long)];
        foreach (var (partition, offset) in nextOffsets)
        {
            BinaryPrimitives.WriteInt64BigEndian(number, offset);
            batch.Put(OffsetKey(view, version, partition), number);
        }

        _db.Write(batch);
    }

    /// <summary>The rows of one key, oldest window first, as stored JSON.</summary>
    public IReadOnlyList<byte[]> ReadKey(string view, int version, ReadOnlySpan<byte> key) =>
        ReadKey(view, version, key, Timeout.Infinite)!;

    /// <summary>
    /// <see cref="ReadKey(string, int, ReadOnlySpan{byte})"/> without waiting: null, having read nothing, when the store
    /// is being changed (a version dropped, which waits for the reads in flight). For callers on a socket I/O thread,
    /// where waiting would hold up every connection the thread serves: they read again from the pool.
    /// </summary>
    public IReadOnlyList<byte[]>? TryReadKey(string view, int version, ReadOnlySpan<byte> key) => ReadKey(view, version, key, 0);

    /// <summary>The rows of one key, or null when a drop holds the store longer than <paramref name="millisecondsTimeout"/>.</summary>
    private List<byte[]>? ReadKey(string view, int version, ReadOnlySpan<byte> key, int millisecondsTimeout)
    {
        if (!_dropLock.TryEnterReadLock(millisecondsTimeout))
        {
            return null;
        }

        try
        {
            var rows = new List<byte[]>();
            if (!_families.TryGetValue(FamilyName(view, version), out var family))
            {
                return rows;
            }

            using var readOptions = new ReadOptions().SetPrefixBounds(RowKey.EncodeKeyPrefix(key));
            using var iterator = _db.NewIterator(family, readOptions);
            for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
            {
                rows.Add(iterator.Value().ToArray());
            }

            return rows;
        }
        finally
        {
            _dropLock.ExitReadLock();
        }
    }

    /// <summary>
    /// Up to <paramref name="limit"/> rows whose key starts with <paramref name="keyPrefix"/>, in row-key order,
    /// strictly after <paramref name="after"/> when given. Returns the rows' keys and JSON.
    /// </summary>
    public IReadOnlyList<(byte[] RowKey, byte[] Json)> Scan(
        string view,
        int version,
        ReadOnlySpan<byte> keyPrefix,
        byte[]? after,
        int limit)
    {
        var rows = new List<(byte[], byte[])>();
        _dropLock.EnterReadLock();
        try
        {
            if (_families.TryGetValue(FamilyName(view, version), out var family))
            {
                ScanFamily(family, keyPrefix, after, limit, rows);
            }

            return rows;
        }
        finally
        {
            _dropLock.ExitReadLock();
        }
    }

    private void ScanFamily(ColumnFamilyHandle family, ReadOnlySpan<byte> keyPrefix, byte[]? after, int limit, List<(byte[], byte[])> rows)
    {
        using var readOptions = new ReadOptions().SetPrefixBounds(RowKey.EncodeKeyStartsWith(keyPrefix));
        using var iterator = _db.NewIterator(family, readOptions);
        SeekAfter(iterator, after);
        for (; iterator.Valid() && rows.Count < limit; iterator.Next())
        {
            var rowKey = iterator.Entry(out var json);
            rows.Add((rowKey.ToArray(), json.ToArray()));
        }
    }

    /// <summary>Places the iterator on the first row, or on the first row strictly after <paramref name="after"/>.</summary>
    private static void SeekAfter(Iterator iterator, byte[]? after)
    {
        if (after is null)
        {
            iterator.SeekToFirst();
            return;
        }

        iterator.Seek(after);
        if (iterator.Valid() && iterator.Key().SequenceEqual(after))
        {
            iterator.Next();
        }
    }

    /// <summary>
    /// Shows <paramref name="visitor"/> up to <paramref name="limit"/> rows of a version in row-key order, strictly after
    /// <paramref name="after"/> when given, without copying them: the spans are RocksDB's memory, valid only during
    /// the call. Returns the key after which the next page starts (a copy of the last row's) when all
    /// <paramref name="limit"/> rows were shown, and null when fewer were: the version has no more rows, or does not
    /// exist. Reads hold off a drop, so a whole version is read page by page, not in one call; the visitor runs under
    /// that hold and must not drop a version or dispose the store.
    /// </summary>
    public byte[]? VisitRows(string view, int version, byte[]? after, int limit, RowVisitor visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        _dropLock.EnterReadLock();
        try
        {
            if (!_families.TryGetValue(FamilyName(view, version), out var family))
            {
                return null;
            }

            // A pass over a whole version leaves the block cache to the point queries (the versions' families share
            // one cache, and a scan would push their blocks out), and reads its table files 2 MiB at a time. A
            // page's iterator may read up to that much past what the page uses in each file it touches, from the page
            // cache; per-block reads cost more here: the gates' scans took 599-629 ms against 875-1,010 ms without it.
            using var readOptions = new ReadOptions().SetFillCache(false).SetReadaheadSize(2 << 20);
            using var iterator = _db.NewIterator(family, readOptions);
            SeekAfter(iterator, after);
            byte[]? last = null;
            for (var visited = 0; visited < limit && iterator.Valid(); visited++, iterator.Next())
            {
                var rowKey = iterator.Entry(out var json);
                visitor(rowKey, json);
                if (visited == limit - 1)
                {
                    last = rowKey.ToArray();
                }
            }

            return last;
        }
        finally
        {
            _dropLock.ExitReadLock();
        }
    }

    /// <summary>Whether the store has a column family for the version.</summary>
    public bool HasVersion(string view, int version) => _families.ContainsKey(FamilyName(view, version));

    /// <summary>
    /// Deletes a version: its rows, partials, offsets and count. Waits for reads in flight; the materializer of the
    /// version must have stopped. Dropping a version that is not there does nothing.
    /// </summary>
    public void DropVersion(string view, int version)
    {
        _dropLock.EnterWriteLock();
        try
        {
            foreach (var name in new[] { FamilyName(view, version), PartialsFamilyName(view, version) })
            {
                if (_families.TryRemove(name, out _))
                {
                    _db.DropColumnFamily(name);
                }
            }

            using var batch = new WriteBatch();
            var offsets = Encoding.UTF8.GetBytes($"offset/{view}.v{version}/");
            var end = (byte[])offsets.Clone();
            end[^1]++;
            batch.DeleteRange(offsets, end);
            batch.Delete(CountKey(view, version));
            _db.Write(batch);
        }
        finally
        {
            _dropLock.ExitWriteLock();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Waits for reads and writes in flight: disposing RocksDB under a live iterator would crash the process.
        _dropLock.EnterWriteLock();
        try
        {
            _db.Dispose();
            _familyOptions.Dispose();
            _blockCache.Dispose();
        }
        finally
        {
            _dropLock.ExitWriteLock();
        }

        _dropLock.Dispose();
    }

    /// <summary>
    /// The options of a version's families. A materializer stages each batch's rows and partials in key order (see
    /// <see cref="PreparePartials"/>), so inserts are hinted; these families never take range deletions (only the
    /// default family does, which therefore has no hint). Memtables are 16 MiB, as in task stores (see TaskStore): a
    /// batch's inserts into a smaller skip list cost less, and the materializer of a replay applied its changelog
    /// about a fifth faster than with RocksDB's 64 MiB (docs/benchmarks.md). Table blocks go to
    /// <paramref name="blockCache"/>, which the options reference from then on.
    /// </summary>
    private static ColumnFamilyOptions NewFamilyOptions(Cache blockCache)
    {
        using var table = new BlockBasedTableOptions().SetBlockCache(blockCache);
        return new ColumnFamilyOptions().UseSequentialInsertHint().SetWriteBufferSize(16 * 1024 * 1024).SetBlockBasedTableFactory(table);
    }

    private ColumnFamilyHandle Family(string view, int version) => Family(FamilyName(view, version));

    private ColumnFamilyHandle Family(string name)
    {
        if (_families.TryGetValue(name, out var family))
        {
            return family;
        }

        lock (_createLock)
        {
            return _families.GetOrAdd(name, n => _db.CreateColumnFamily(_familyOptions, n));
        }
    }

    private static string FamilyName(string view, int version) => $"{view}.v{version}";

    private static string PartialsFamilyName(string view, int version) => $"{view}.v{version}.partials";

    private static byte[] OffsetKey(string view, int version, int partition) =>
        Encoding.UTF8.GetBytes($"offset/{view}.v{version}/{partition}");

    private static byte[] CountKey(string view, int version) => Encoding.UTF8.GetBytes($"rows/{view}.v{version}");
}

/// <summary>Sees one row of <see cref="ViewStore.VisitRows"/>: its key and JSON, valid only during the call.</summary>
/// <param name="rowKey">The row key.</param>
/// <param name="json">The row's JSON.</param>
internal delegate void RowVisitor(ReadOnlySpan<byte> rowKey, ReadOnlySpan<byte> json);

/// <summary>A row write: a null value deletes the row.</summary>
/// <param name="RowKey">The row key.</param>
/// <param name="Value">The row JSON, or null.</param>
internal readonly record struct RowUpsert(byte[] RowKey, byte[]? Value);
