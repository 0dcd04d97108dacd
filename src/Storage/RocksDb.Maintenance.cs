using Kappa.Storage.Native;

namespace Kappa.Storage;

/// <summary>Iterators, snapshots, checkpoints, and flush, compaction and property queries.</summary>
public sealed partial class RocksDb
{
    /// <summary>Creates an iterator over a column family; it starts unpositioned.</summary>
    /// <param name="cf">The column family, or null for the default one.</param>
    /// <param name="readOptions">Bounds and snapshot, or null for the defaults; frozen while the iterator is open.</param>
    public Iterator NewIterator(ColumnFamilyHandle? cf = null, ReadOptions? readOptions = null)
    {
        ThrowIfDisposed();
        ThrowIfForeign(cf);
        ThrowIfForeign(readOptions);
        return new Iterator(IteratorSafeHandle.Create(_handle, cf?.Handle, readOptions?.Handle ?? DefaultOptions.Read));
    }

    /// <summary>Takes a snapshot of the current state; read through it with <see cref="ReadOptions.SetSnapshot"/>.</summary>
    public Snapshot CreateSnapshot()
    {
        ThrowIfDisposed();
        return new Snapshot(this, SnapshotSafeHandle.Create(_handle));
    }

    /// <summary>Creates a checkpoint object; <see cref="Storage.Checkpoint.Save"/> writes openable copies of the database.</summary>
    /// <exception cref="RocksDbException">RocksDB failed.</exception>
    public Checkpoint Checkpoint()
    {
        ThrowIfDisposed();
        return new Checkpoint(CheckpointSafeHandle.Create(_handle));
    }

    /// <summary>Writes the default column family's memtable to an SST file.</summary>
    /// <param name="flushOptions">Flush options, or null to wait for the flush to finish.</param>
    /// <exception cref="RocksDbException">RocksDB failed.</exception>
    public unsafe void Flush(FlushOptions? flushOptions = null)
    {
        ThrowIfDisposed();
        using var db = new HandleLease(_handle);
        using var options = new HandleLease(flushOptions?.Handle ?? DefaultOptions.Flush);
        var error = IntPtr.Zero;
        NativeMethods.rocksdb_flush(db.Pointer, options.Pointer, &error);
        NativeErrors.ThrowIfError(error);
    }

    /// <summary>Writes a column family's memtable to an SST file.</summary>
    /// <param name="cf">The column family.</param>
    /// <param name="flushOptions">Flush options, or null to wait for the flush to finish.</param>
    /// <exception cref="RocksDbException">RocksDB failed.</exception>
    public unsafe void Flush(ColumnFamilyHandle cf, FlushOptions? flushOptions = null)
    {
        ArgumentNullException.ThrowIfNull(cf);
        ThrowIfDisposed();
        ThrowIfForeign(cf);
        using var db = new HandleLease(_handle);
        using var column = new HandleLease(cf.Handle);
        using var options = new HandleLease(flushOptions?.Handle ?? DefaultOptions.Flush);
        var error = IntPtr.Zero;
        NativeMethods.rocksdb_flush_cf(db.Pointer, options.Pointer, column.Pointer, &error);
        NativeErrors.ThrowIfError(error);
    }

    /// <summary>
    /// Compacts the keys in [<paramref name="start"/>, <paramref name="limit"/>] down the LSM tree, dropping deleted
    /// and overwritten entries; blocks until done. An empty (or null) key leaves that end open, so
    /// <c>CompactRange(null, null)</c> compacts everything.
    /// </summary>
    /// <param name="start">The first key, or empty for the beginning.</param>
    /// <param name="limit">The last key, or empty for the end.</param>
    /// <param name="cf">The column family, or null for the default one.</param>
    public unsafe void CompactRange(ReadOnlySpan<byte> start, ReadOnlySpan<byte> limit, ColumnFamilyHandle? cf = null)
    {
        ThrowIfDisposed();
        ThrowIfForeign(cf);
        using var db = new HandleLease(_handle);
        using var column = new HandleLease(cf?.Handle);
        fixed (byte* s = start)
        fixed (byte* l = limit)
        {
            var startKey = start.IsEmpty ? null : s;
            var limitKey = limit.IsEmpty ? null : l;
            if (cf is null)
            {
                NativeMethods.rocksdb_compact_range(db.Pointer, startKey, (nuint)start.Length, limitKey, (nuint)limit.Length);
            }
            else
            {
                NativeMethods.rocksdb_compact_range_cf(db.Pointer, column.Pointer, startKey, (nuint)start.Length, limitKey, (nuint)limit.Length);
            }
        }
    }

    /// <summary>
    /// Reads a RocksDB property such as <c>"rocksdb.stats"</c>, <c>"rocksdb.estimate-num-keys"</c> or
    /// <c>"rocksdb.num-files-at-level0"</c>.
    /// </summary>
    /// <param name="name">The property name.</param>
    /// <param name="cf">The column family, or null for the default one.</param>
    /// <returns>The value, or null when RocksDB does not know the property.</returns>
    public unsafe string? GetProperty(string name, ColumnFamilyHandle? cf = null)
    {
        var nameBytes = NativeStrings.ToNullTerminatedUtf8(name, nameof(name));
        ThrowIfDisposed();
        ThrowIfForeign(cf);
        using var db = new HandleLease(_handle);
        using var column = new HandleLease(cf?.Handle);
        IntPtr value;
        fixed (byte* n = nameBytes)
        {
            value = cf is null
                ? NativeMethods.rocksdb_property_value(db.Pointer, n)
                : NativeMethods.rocksdb_property_value_cf(db.Pointer, column.Pointer, n);
        }

        return NativeStrings.TakeOwnership(value);
    }
}
