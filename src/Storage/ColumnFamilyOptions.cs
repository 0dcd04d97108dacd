using Kappa.Storage.Native;

namespace Kappa.Storage;

/// <summary>
/// How one column family stores its data: memtable size, compression, table format. RocksDB copies the options when a
/// database is opened or a column family created, so one instance can configure many, and disposing it afterwards does
/// not affect them. Not thread-safe.
/// </summary>
/// <remarks>
/// Setters return the options for chaining. <see cref="DbOptions"/> derives from this class because RocksDB's options
/// object holds both database-wide and column-family settings; the latter then apply to the default column family.
/// </remarks>
public class ColumnFamilyOptions : IDisposable
{
    private readonly OptionsSafeHandle _handle;
    private bool _disposed;

    /// <summary>Creates options with RocksDB's defaults.</summary>
    public ColumnFamilyOptions()
    {
        _handle = new OptionsSafeHandle();
    }

    /// <summary>
    /// The native handle. Throws <see cref="ObjectDisposedException"/> once this object is disposed, even while dependents
    /// keep the native object alive (a referenced <see cref="System.Runtime.InteropServices.SafeHandle"/> does not report closed).
    /// </summary>
    internal OptionsSafeHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _handle;
        }
    }

    /// <summary>Sets the memtable size at which it is frozen and flushed to an SST file (RocksDB's default is 64 MiB).</summary>
    /// <param name="size">The size in bytes.</param>
    public ColumnFamilyOptions SetWriteBufferSize(ulong size)
    {
        using var options = new HandleLease(Handle);
        NativeMethods.rocksdb_options_set_write_buffer_size(options.Pointer, checked((nuint)size));
        return this;
    }

    /// <summary>
    /// Makes each insert into a memtable start its search where the previous insert into that memtable ended, not at the
    /// top of the skip list (RocksDB's <c>memtable_insert_with_hint_prefix_extractor</c>, with one prefix for every key).
    /// Much cheaper when the keys of a write batch ascend; a key before the previous one costs about what it would
    /// without the hint. Only for column families that never take range deletions: RocksDB 7.8 keeps one hint per
    /// prefix for both of a memtable's skip lists (point entries and range tombstones), and a hint from one used in
    /// the other corrupts the memtable (an assertion fails when such a write-ahead log is replayed).
    /// </summary>
    public unsafe ColumnFamilyOptions UseSequentialInsertHint()
    {
        // The C API has no setter for this option; its options-string form sets it on a copy of these options,
        // which RocksDB writes back in place.
        var text = "memtable_insert_with_hint_prefix_extractor=rocksdb.CappedPrefix.0\0"u8;
        using var options = new HandleLease(Handle);
        IntPtr error = default;
        fixed (byte* p = text)
        {
            NativeMethods.rocksdb_get_options_from_string(options.Pointer, p, options.Pointer, &error);
        }

        NativeErrors.ThrowIfError(error);
        return this;
    }

    /// <summary>Sets how many memtables, active plus waiting to flush, may exist before writes stall (default 2).</summary>
    /// <param name="count">The memtable count, at least 2 to flush without blocking writes.</param>
    public ColumnFamilyOptions SetMaxWriteBufferNumber(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        using var options = new HandleLease(Handle);
        NativeMethods.rocksdb_options_set_max_write_buffer_number(options.Pointer, count);
        return this;
    }

    /// <summary>Sets the compression of SST blocks.</summary>
    /// <param name="compression">The algorithm.</param>
    public ColumnFamilyOptions SetCompression(Compression compression)
    {
        using var options = new HandleLease(Handle);
        NativeMethods.rocksdb_options_set_compression(options.Pointer, (int)compression);
        return this;
    }

    /// <summary>Uses the block-based table format with <paramref name="tableOptions"/>, which are copied.</summary>
    /// <param name="tableOptions">The table settings, e.g. with a shared LRU block cache.</param>
    public ColumnFamilyOptions SetBlockBasedTableFactory(BlockBasedTableOptions tableOptions)
    {
        ArgumentNullException.ThrowIfNull(tableOptions);
        using var options = new HandleLease(Handle);
        using var table = new HandleLease(tableOptions.Handle);
        NativeMethods.rocksdb_options_set_block_based_table_factory(options.Pointer, table.Pointer);
        return this;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the native options.</summary>
    /// <param name="disposing">Whether this is a call to <see cref="Dispose()"/> rather than finalization.</param>
    protected virtual void Dispose(bool disposing)
    {
        _disposed = true;
        if (disposing)
        {
            _handle.Dispose();
        }
    }
}
