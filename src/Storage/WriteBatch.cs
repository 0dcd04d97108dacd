using System.Buffers;
using System.Buffers.Binary;
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
    /// <summary>
    /// The size of the header of RocksDB's encoding of a batch (db/write_batch.cc; what its write-ahead log holds too):
    /// an 8-byte sequence number and a 4-byte little-endian count of records, which follow.
    /// </summary>
    private const int HeaderSize = sizeof(long) + sizeof(int);

    private readonly WriteBatchSafeHandle _handle;
    private bool _disposed;

    /// <summary>Creates an empty batch.</summary>
    public WriteBatch()
    {
        _handle = new WriteBatchSafeHandle();
    }

    private WriteBatch(WriteBatchSafeHandle handle, RocksDb? owner)
    {
        _handle = handle;
        ColumnFamilyOwner = owner;
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

    /// <summary>
    /// A new batch with every operation of <paramref name="parts"/>, in order: their writes made one atomic write, where
    /// each part was built apart (on threads of their own, say). The parts are left as they were.
    /// </summary>
    /// <param name="parts">The batches, all of one database's column families (or of none).</param>
    /// <exception cref="ArgumentException">The parts hold writes for column families of different databases.</exception>
    public static unsafe WriteBatch Concat(IReadOnlyList<WriteBatch> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);

        // Batches are joined as RocksDB's own WriteBatchInternal::Append joins them: one header, counts added, records
        // one after another (see HeaderSize).
        RocksDb? owner = null;
        var lengths = new int[parts.Count];
        var size = (long)HeaderSize;
        var count = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            if (part.ColumnFamilyOwner is { } partOwner)
            {
                owner ??= partOwner;
                if (!ReferenceEquals(owner, partOwner))
                {
                    throw new ArgumentException("The batches hold writes for column families of different databases.", nameof(parts));
                }
            }

            using var lease = new HandleLease(part.Handle);
            nuint length;
            NativeMethods.rocksdb_writebatch_data(lease.Pointer, &length);
            lengths[i] = checked((int)length);
            size += lengths[i] - HeaderSize;
            count += NativeMethods.rocksdb_writebatch_count(lease.Pointer);
        }

        // RocksDB copies the joined encoding, so it is built in a pooled buffer: joined batches can be megabytes.
        var rep = ArrayPool<byte>.Shared.Rent(checked((int)size));
        try
        {
            return Join(parts, lengths, rep.AsSpan(0, (int)size), count, owner);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rep);
        }
    }

    /// <summary>Writes the joined encoding of <paramref name="parts"/> into <paramref name="rep"/> and makes a batch of it.</summary>
    private static unsafe WriteBatch Join(IReadOnlyList<WriteBatch> parts, int[] lengths, Span<byte> rep, int count, RocksDb? owner)
    {
        rep[..sizeof(long)].Clear();
        BinaryPrimitives.WriteInt32LittleEndian(rep[sizeof(long)..], count);
        var at = HeaderSize;
        for (var i = 0; i < parts.Count; i++)
        {
            using var lease = new HandleLease(parts[i].Handle);
            nuint length;
            var data = NativeMethods.rocksdb_writebatch_data(lease.Pointer, &length);
            if ((long)length != lengths[i])
            {
                throw new InvalidOperationException("A batch changed while it was being joined to others.");
            }

            var records = new ReadOnlySpan<byte>(data + HeaderSize, lengths[i] - HeaderSize);
            records.CopyTo(rep[at..]);
            at += records.Length;
        }

        fixed (byte* r = rep)
        {
            return new WriteBatch(new WriteBatchSafeHandle(NativeMethods.rocksdb_writebatch_create_from(r, (nuint)rep.Length)), owner);
        }
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
