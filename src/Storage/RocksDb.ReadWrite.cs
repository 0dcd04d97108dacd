using System.Buffers;
using Kappa.Storage.Native;

namespace Kappa.Storage;

/// <summary>
/// Point reads and writes. Keys and values are spans (arrays convert implicitly) and are never retained.
/// </summary>
/// <remarks>
/// Reads use <c>rocksdb_get_pinned</c>, which exposes the value where it lies in the block cache or memtable instead of
/// copying it into a fresh native buffer. <see cref="Get"/> then makes the one copy it must return;
/// <see cref="TryGet"/> copies into a caller-supplied <see cref="IBufferWriter{T}"/> and allocates nothing;
/// <see cref="TryRead{TState}"/> copies nothing at all.
/// </remarks>
public sealed partial class RocksDb
{
    /// <summary>Reads the value of <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cf">The column family, or null for the default one.</param>
    /// <param name="readOptions">Read options (e.g. a snapshot), or null for the defaults.</param>
    /// <returns>A copy of the value, or null when the key does not exist.</returns>
    /// <exception cref="RocksDbException">RocksDB failed.</exception>
    public byte[]? Get(ReadOnlySpan<byte> key, ColumnFamilyHandle? cf = null, ReadOptions? readOptions = null)
    {
        using var value = GetPinned(key, cf, readOptions);
        return value.Found ? value.Value.ToArray() : null;
    }

    /// <summary>Reads the value of <paramref name="key"/> into <paramref name="destination"/>, allocating nothing of its own.</summary>
    /// <param name="key">The key.</param>
    /// <param name="destination">Receives the value when found; untouched otherwise.</param>
    /// <param name="cf">The column family, or null for the default one.</param>
    /// <param name="readOptions">Read options, or null for the defaults.</param>
    /// <returns>Whether the key exists.</returns>
    /// <exception cref="RocksDbException">RocksDB failed.</exception>
    public bool TryGet(
        ReadOnlySpan<byte> key,
        IBufferWriter<byte> destination,
        ColumnFamilyHandle? cf = null,
        ReadOptions? readOptions = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var value = GetPinned(key, cf, readOptions);
        if (!value.Found)
        {
            return false;
        }

        destination.Write(value.Value);
        return true;
    }

    /// <summary>
    /// Reads the value of <paramref name="key"/> without copying it: <paramref name="reader"/> sees RocksDB's own
    /// memory, pinned for the duration of the call only. Use it to deserialize straight from the store.
    /// </summary>
    /// <typeparam name="TState">State passed through to <paramref name="reader"/>, so it need not capture.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="state">Passed to <paramref name="reader"/>.</param>
    /// <param name="reader">Called once with the value when the key exists; must not keep the span.</param>
    /// <param name="cf">The column family, or null for the default one.</param>
    /// <param name="readOptions">Read options, or null for the defaults.</param>
    /// <returns>Whether the key exists (and <paramref name="reader"/> ran).</returns>
    /// <exception cref="RocksDbException">RocksDB failed.</exception>
    public bool TryRead<TState>(
        ReadOnlySpan<byte> key,
        TState state,
        ReadOnlySpanAction<byte, TState> reader,
        ColumnFamilyHandle? cf = null,
        ReadOptions? readOptions = null)
        where TState : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var value = GetPinned(key, cf, readOptions);
        if (!value.Found)
        {
            return false;
        }

        reader(value.Value, state);
        return true;
    }

    /// <summary>Writes <paramref name="key"/> = <paramref name="value"/>, replacing any previous value.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="cf">The column family, or null for the default one.</param>
    /// <param name="writeOptions">Write options (sync, WAL), or null for the defaults.</param>
    /// <exception cref="RocksDbException">RocksDB failed.</exception>
    public unsafe void Put(
        ReadOnlySpan<byte> key,
        ReadOnlySpan<byte> value,
        ColumnFamilyHandle? cf = null,
        WriteOptions? writeOptions = null)
    {
        ThrowIfDisposed();
        ThrowIfForeign(cf);
        using var db = new HandleLease(_handle);
        using var column = new HandleLease(cf?.Handle);
        using var options = new HandleLease(writeOptions?.Handle ?? DefaultOptions.Write);
        var error = IntPtr.Zero;
        fixed (byte* k = key)
        fixed (byte* v = value)
        {
            if (cf is null)
            {
                NativeMethods.rocksdb_put(db.Pointer, options.Pointer, k, (nuint)key.Length, v, (nuint)value.Length, &error);
            }
            else
            {
                NativeMethods.rocksdb_put_cf(db.Pointer, options.Pointer, column.Pointer, k, (nuint)key.Length, v, (nuint)value.Length, &error);
            }
        }

        NativeErrors.ThrowIfError(error);
    }

    /// <summary>Deletes <paramref name="key"/>; deleting a missing key is not an error.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cf">The column family, or null for the default one.</param>
    /// <param name="writeOptions">Write options, or null for the defaults.</param>
    /// <exception cref="RocksDbException">RocksDB failed.</exception>
    public unsafe void Remove(ReadOnlySpan<byte> key, ColumnFamilyHandle? cf = null, WriteOptions? writeOptions = null)
    {
        ThrowIfDisposed();
        ThrowIfForeign(cf);
        using var db = new HandleLease(_handle);
        using var column = new HandleLease(cf?.Handle);
        using var options = new HandleLease(writeOptions?.Handle ?? DefaultOptions.Write);
        var error = IntPtr.Zero;
        fixed (byte* k = key)
        {
            if (cf is null)
            {
                NativeMethods.rocksdb_delete(db.Pointer, options.Pointer, k, (nuint)key.Length, &error);
            }
            else
            {
                NativeMethods.rocksdb_delete_cf(db.Pointer, options.Pointer, column.Pointer, k, (nuint)key.Length, &error);
            }
        }

        NativeErrors.ThrowIfError(error);
    }

    /// <summary>Applies every operation in <paramref name="batch"/> atomically. The batch is left as it was.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="writeOptions">Write options, or null for the defaults.</param>
    /// <exception cref="ArgumentException">The batch refers to column families of another database.</exception>
    /// <exception cref="RocksDbException">RocksDB failed; nothing was applied.</exception>
    public unsafe void Write(WriteBatch batch, WriteOptions? writeOptions = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfDisposed();
        if (batch.ColumnFamilyOwner is { } owner && !ReferenceEquals(owner, this))
        {
            throw new ArgumentException("The batch refers to column families of another database.", nameof(batch));
        }

        using var db = new HandleLease(_handle);
        using var nativeBatch = new HandleLease(batch.Handle);
        using var options = new HandleLease(writeOptions?.Handle ?? DefaultOptions.Write);
        var error = IntPtr.Zero;
        NativeMethods.rocksdb_write(db.Pointer, options.Pointer, nativeBatch.Pointer, &error);
        NativeErrors.ThrowIfError(error);
    }

    /// <summary>Looks <paramref name="key"/> up and returns the pinned result, which holds a database lease until disposed.</summary>
    private unsafe PinnedValue GetPinned(ReadOnlySpan<byte> key, ColumnFamilyHandle? cf, ReadOptions? readOptions)
    {
        ThrowIfDisposed();
        ThrowIfForeign(cf);
        ThrowIfForeign(readOptions);
        var db = new HandleLease(_handle);
        try
        {
            using var column = new HandleLease(cf?.Handle);
            using var options = new HandleLease(readOptions?.Handle ?? DefaultOptions.Read);
            var error = IntPtr.Zero;
            IntPtr slice;
            fixed (byte* k = key)
            {
                slice = cf is null
                    ? NativeMethods.rocksdb_get_pinned(db.Pointer, options.Pointer, k, (nuint)key.Length, &error)
                    : NativeMethods.rocksdb_get_pinned_cf(db.Pointer, options.Pointer, column.Pointer, k, (nuint)key.Length, &error);
            }

            NativeErrors.ThrowIfError(error);
            return new PinnedValue(db, slice);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }
}
