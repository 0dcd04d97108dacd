using Kappa.Storage.Native;

namespace Kappa.Storage;

/// <summary>
/// Settings for RocksDB's block-based SST format: block size, block cache and filters. Install them with
/// <see cref="ColumnFamilyOptions.SetBlockBasedTableFactory"/>, which copies them; these options can be disposed or
/// reused afterwards. Not thread-safe.
/// </summary>
public sealed class BlockBasedTableOptions : IDisposable
{
    private readonly BlockBasedTableOptionsSafeHandle _handle;
    private bool _disposed;

    /// <summary>Creates table options with RocksDB's defaults (4 KiB blocks, an 8 MiB LRU block cache per factory, no filter).</summary>
    public BlockBasedTableOptions()
    {
        _handle = new BlockBasedTableOptionsSafeHandle();
    }

    /// <summary>
    /// The native handle. Throws <see cref="ObjectDisposedException"/> once this object is disposed, even while dependents
    /// keep the native object alive (a referenced <see cref="System.Runtime.InteropServices.SafeHandle"/> does not report closed).
    /// </summary>
    internal BlockBasedTableOptionsSafeHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _handle;
        }
    }

    /// <summary>Sets the approximate uncompressed size of a data block.</summary>
    /// <param name="blockSize">The block size in bytes.</param>
    public BlockBasedTableOptions SetBlockSize(ulong blockSize)
    {
        using var options = new HandleLease(Handle);
        NativeMethods.rocksdb_block_based_options_set_block_size(options.Pointer, checked((nuint)blockSize));
        return this;
    }

    /// <summary>Caches blocks in <paramref name="cache"/>, e.g. <c>Cache.CreateLru(64 &lt;&lt; 20)</c>; the options take their own reference.</summary>
    /// <param name="cache">The block cache.</param>
    public BlockBasedTableOptions SetBlockCache(Cache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        using var options = new HandleLease(Handle);
        using var native = new HandleLease(cache.Handle);
        NativeMethods.rocksdb_block_based_options_set_block_cache(options.Pointer, native.Pointer);
        return this;
    }

    /// <summary>Adds a full bloom filter to every table so that point reads skip files without the key.</summary>
    /// <param name="bitsPerKey">Filter bits per key; 10 gives about a 1% false-positive rate.</param>
    public BlockBasedTableOptions SetBloomFilter(double bitsPerKey)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bitsPerKey);
        using var options = new HandleLease(Handle);

        // The table options take ownership of the policy (a shared_ptr reset), so it needs no handle of its own.
        NativeMethods.rocksdb_block_based_options_set_filter_policy(
            options.Pointer,
            NativeMethods.rocksdb_filterpolicy_create_bloom_full(bitsPerKey));
        return this;
    }

    /// <summary>Keeps index and filter blocks in the block cache, so they count against its capacity.</summary>
    /// <param name="value">Whether to cache them.</param>
    public BlockBasedTableOptions SetCacheIndexAndFilterBlocks(bool value = true)
    {
        using var options = new HandleLease(Handle);
        NativeMethods.rocksdb_block_based_options_set_cache_index_and_filter_blocks(options.Pointer, value ? (byte)1 : (byte)0);
        return this;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        _handle.Dispose();
    }
}
