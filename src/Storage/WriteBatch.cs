using Kappa.Storage.Native;

namespace Kappa.Storage;

/// <summary>
/// A set of writes applied atomically by <see cref="RocksDb.Write"/>: after a crash either all of them are visible or
/// none, across column families too. Keys and values are copied into the batch, so the spans passed in may be reused
/// at once. Operations apply in the order they were added. Not thread-safe.
/// </summary>
/// <remarks>
/// A batch remembers the database of the first column family it was given and refuses handles of another, because
/// RocksDB records only column family ids, which another database may map to a different column family.
/// </remarks>
public sealed class WriteBatch : IDisposable
{
    private readonly WriteBatchSafeHandle _handle;
    private bool _disposed;

    /// <summary>Creates an empty batch.</summary>
    public WriteBatch()
    {
        _handle = new WriteBatchSafeHandle();
    }

    /// <summary>
    /// The native handle. Throws <see cref="ObjectDisposedException"/> once this object is disposed, even while dependents
    /// keep the native object alive (a referenced <see cref="System.Runtime.InteropServices.SafeHandle"/> does not report closed).
    /// </summary>
    internal WriteBatchSafeHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _handle;
        }
    }

    /// <summary>The database whose column families this batch refers to, if any.</summary>
    internal RocksDb? ColumnFamilyOwner { get; private set; }

    /// <summary>Adds a put of <paramref name="key"/> = <paramref name="value"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="cf">The column family, or null for the default one.</param>
    public unsafe WriteBatch Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, ColumnFamilyHandle? cf = null)
    {
        using var batch = new HandleLease(Handle);
        using var column = LeaseColumnFamily(cf);
        fixed (byte* k = key)
        fixed (byte* v = value)
        {
            if (cf is null)
            {
                NativeMethods.rocksdb_writebatch_put(batch.Pointer, k, (nuint)key.Length, v, (nuint)value.Length);
            }
            else
            {
                NativeMethods.rocksdb_writebatch_put_cf(batch.Pointer, column.Pointer, k, (nuint)key.Length, v, (nuint)value.Length);
            }
        }

        return this;
    }

    /// <summary>Adds a delete of <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cf">The column family, or null for the default one.</param>
    public unsafe WriteBatch Delete(ReadOnlySpan<byte> key, ColumnFamilyHandle? cf = null)
    {
        using var batch = new HandleLease(Handle);
        using var column = LeaseColumnFamily(cf);
        fixed (byte* k = key)
        {
            if (cf is null)
            {
                NativeMethods.rocksdb_writebatch_delete(batch.Pointer, k, (nuint)key.Length);
            }
            else
            {
                NativeMethods.rocksdb_writebatch_delete_cf(batch.Pointer, column.Pointer, k, (nuint)key.Length);
            }
        }

        return this;
    }

    /// <summary>Adds a delete of every key in [<paramref name="startKey"/>, <paramref name="endKey"/>).</summary>
    /// <param name="startKey">The first key deleted.</param>
    /// <param name="endKey">The first key kept; a range with <paramref name="endKey"/> ≤ <paramref name="startKey"/> deletes nothing.</param>
    /// <param name="cf">The column family, or null for the default one.</param>
    public unsafe WriteBatch DeleteRange(ReadOnlySpan<byte> startKey, ReadOnlySpan<byte> endKey, ColumnFamilyHandle? cf = null)
    {
        using var batch = new HandleLease(Handle);
        using var column = LeaseColumnFamily(cf);
        fixed (byte* s = startKey)
        fixed (byte* e = endKey)
        {
            if (cf is null)
            {
                NativeMethods.rocksdb_writebatch_delete_range(batch.Pointer, s, (nuint)startKey.Length, e, (nuint)endKey.Length);
            }
            else
            {
                NativeMethods.rocksdb_writebatch_delete_range_cf(
                    batch.Pointer,
                    column.Pointer,
                    s,
                    (nuint)startKey.Length,
                    e,
                    (nuint)endKey.Length);
            }
        }

        return this;
    }

    /// <summary>Removes every operation, so the batch can be reused.</summary>
    public WriteBatch Clear()
    {
        using var batch = new HandleLease(Handle);
        NativeMethods.rocksdb_writebatch_clear(batch.Pointer);
        ColumnFamilyOwner = null;
        return this;
    }

    /// <summary>The number of operations in the batch.</summary>
    public int Count()
    {
        using var batch = new HandleLease(Handle);
        return NativeMethods.rocksdb_writebatch_count(batch.Pointer);
    }

    /// <summary>
    /// The size in bytes of the batch's encoding: what <see cref="RocksDb.Write"/> copies into the write-ahead log and the
    /// memtable, and about the memory the batch holds. A cleared batch keeps the memory its largest content needed.
    /// </summary>
    public unsafe long DataSize()
    {
        using var batch = new HandleLease(Handle);
        nuint size;
        NativeMethods.rocksdb_writebatch_data(batch.Pointer, &size);
        return (long)size;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        _handle.Dispose();
    }

    private HandleLease LeaseColumnFamily(ColumnFamilyHandle? cf)
    {
        if (cf is null)
        {
            return default;
        }

        var handle = cf.Handle;
        if (ColumnFamilyOwner is null)
        {
            ColumnFamilyOwner = cf.Owner;
        }
        else if (!ReferenceEquals(ColumnFamilyOwner, cf.Owner))
        {
            throw new ArgumentException("The batch already holds writes for column families of another database.", nameof(cf));
        }

        return new HandleLease(handle);
    }
}
