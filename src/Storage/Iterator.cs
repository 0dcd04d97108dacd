using Kappa.Storage.Native;

namespace Kappa.Storage;

/// <summary>
/// A cursor over the keys of one column family in bytewise order, seeing the database as of its creation (or the
/// snapshot in its <see cref="ReadOptions"/>) and limited by the options' bounds.
/// </summary>
/// <remarks>
/// <para>Usage: <c>for (it.SeekToFirst(); it.Valid(); it.Next()) { Use(it.Key(), it.Value()); }</c>, or
/// <see cref="Entry"/> for both parts at once. An iterator starts unpositioned. Moves that hit an I/O or corruption
/// error throw <see cref="RocksDbException"/> instead of silently ending the scan.</para>
/// <para>Zero copy: <see cref="Key"/> and <see cref="Value"/> are views of RocksDB's memory. They stay valid only until
/// the iterator next moves or is disposed; copy what must outlive that (<see cref="GetKeyArray"/>,
/// <see cref="GetValueArray"/>).</para>
/// <para>Lifetime: the iterator keeps its database, column family and read options alive, so disposing the
/// <see cref="RocksDb"/> first is safe; the database then closes when the iterator is disposed. An open iterator pins
/// the files and memtables it reads, so dispose it promptly. Not thread-safe.</para>
/// </remarks>
public sealed class Iterator : IDisposable
{
    private readonly IteratorSafeHandle _handle;
    private bool _valid;
    private bool _disposed;

    internal Iterator(IteratorSafeHandle handle)
    {
        _handle = handle;
    }

    /// <summary>Whether the iterator is positioned on an entry.</summary>
    public bool Valid()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _valid;
    }

    /// <summary>Moves to the first key (within the lower bound).</summary>
    public Iterator SeekToFirst()
    {
        using var iterator = Lease();
        NativeMethods.rocksdb_iter_seek_to_first(iterator.Pointer);
        Settle(iterator.Pointer);
        return this;
    }

    /// <summary>Moves to the last key (below the upper bound).</summary>
    public Iterator SeekToLast()
    {
        using var iterator = Lease();
        NativeMethods.rocksdb_iter_seek_to_last(iterator.Pointer);
        Settle(iterator.Pointer);
        return this;
    }

    /// <summary>Moves to the first key at or after <paramref name="key"/>.</summary>
    /// <param name="key">The target; not retained.</param>
    public unsafe Iterator Seek(ReadOnlySpan<byte> key)
    {
        using var iterator = Lease();
        fixed (byte* k = key)
        {
            NativeMethods.rocksdb_iter_seek(iterator.Pointer, k, (nuint)key.Length);
        }

        Settle(iterator.Pointer);
        return this;
    }

    /// <summary>Moves to the last key at or before <paramref name="key"/>.</summary>
    /// <param name="key">The target; not retained.</param>
    public unsafe Iterator SeekForPrev(ReadOnlySpan<byte> key)
    {
        using var iterator = Lease();
        fixed (byte* k = key)
        {
            NativeMethods.rocksdb_iter_seek_for_prev(iterator.Pointer, k, (nuint)key.Length);
        }

        Settle(iterator.Pointer);
        return this;
    }

    /// <summary>Moves to the next key.</summary>
    /// <exception cref="InvalidOperationException">The iterator is not <see cref="Valid"/>.</exception>
    public Iterator Next()
    {
        using var iterator = LeasePositioned();
        NativeMethods.rocksdb_iter_next(iterator.Pointer);
        Settle(iterator.Pointer);
        return this;
    }

    /// <summary>Moves to the previous key.</summary>
    /// <exception cref="InvalidOperationException">The iterator is not <see cref="Valid"/>.</exception>
    public Iterator Prev()
    {
        using var iterator = LeasePositioned();
        NativeMethods.rocksdb_iter_prev(iterator.Pointer);
        Settle(iterator.Pointer);
        return this;
    }

    /// <summary>The current key, as a view of RocksDB's memory valid until the iterator moves or is disposed.</summary>
    /// <exception cref="InvalidOperationException">The iterator is not <see cref="Valid"/>.</exception>
    public unsafe ReadOnlySpan<byte> Key()
    {
        using var iterator = LeasePositioned();
        nuint length;
        var key = NativeMethods.rocksdb_iter_key(iterator.Pointer, &length);
        return new ReadOnlySpan<byte>(key, checked((int)length));
    }

    /// <summary>The current value, as a view of RocksDB's memory valid until the iterator moves or is disposed.</summary>
    /// <exception cref="InvalidOperationException">The iterator is not <see cref="Valid"/>.</exception>
    public unsafe ReadOnlySpan<byte> Value()
    {
        using var iterator = LeasePositioned();
        nuint length;
        var value = NativeMethods.rocksdb_iter_value(iterator.Pointer, &length);
        return new ReadOnlySpan<byte>(value, checked((int)length));
    }

    /// <summary>
    /// The current key and value in one call, as views of RocksDB's memory valid until the iterator moves or is disposed:
    /// what a scan reads of every entry, for one handle reference instead of one per part.
    /// </summary>
    /// <param name="value">The current value.</param>
    /// <returns>The current key.</returns>
    /// <exception cref="InvalidOperationException">The iterator is not <see cref="Valid"/>.</exception>
    public unsafe ReadOnlySpan<byte> Entry(out ReadOnlySpan<byte> value)
    {
        using var iterator = LeasePositioned();
        nuint keyLength, valueLength;
        var key = NativeMethods.rocksdb_iter_key(iterator.Pointer, &keyLength);
        var bytes = NativeMethods.rocksdb_iter_value(iterator.Pointer, &valueLength);
        value = new ReadOnlySpan<byte>(bytes, checked((int)valueLength));
        return new ReadOnlySpan<byte>(key, checked((int)keyLength));
    }

    /// <summary>A copy of the current key.</summary>
    public byte[] GetKeyArray() => Key().ToArray();

    /// <summary>A copy of the current value.</summary>
    public byte[] GetValueArray() => Value().ToArray();

    /// <summary>Destroys the iterator; if its database was already disposed, this closes it.</summary>
    public void Dispose()
    {
        _disposed = true;
        _valid = false;
        _handle.Dispose();
    }

    private HandleLease Lease()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new HandleLease(_handle);
    }

    private HandleLease LeasePositioned()
    {
        var iterator = Lease();
        if (!_valid)
        {
            iterator.Dispose();
            throw new InvalidOperationException("The iterator is not positioned on an entry; check Valid() first.");
        }

        return iterator;
    }

    /// <summary>Caches validity after a move; an iterator that became invalid because of an error throws it.</summary>
    private unsafe void Settle(IntPtr iterator)
    {
        _valid = NativeMethods.rocksdb_iter_valid(iterator) != 0;
        if (!_valid)
        {
            var error = IntPtr.Zero;
            NativeMethods.rocksdb_iter_get_error(iterator, &error);
            NativeErrors.ThrowIfError(error);
        }
    }
}
