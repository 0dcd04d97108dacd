using Kappa.Storage.Native;

namespace Kappa.Storage;

/// <summary>
/// A block cache, shareable between column families and databases so that they draw on one memory budget.
/// </summary>
/// <remarks>
/// RocksDB reference-counts caches: <see cref="BlockBasedTableOptions.SetBlockCache"/> takes its own reference, and so
/// does every database opened with those options. Disposing this object drops only the reference it holds; the memory
/// is freed when the last database using the cache closes. Thread-safe.
/// </remarks>
public sealed class Cache : IDisposable
{
    private readonly CacheSafeHandle _handle;
    private bool _disposed;

    private Cache(CacheSafeHandle handle)
    {
        _handle = handle;
    }

    /// <summary>The bytes currently held by the cache.</summary>
    public ulong Usage
    {
        get
        {
            using var cache = new HandleLease(Handle);
            return NativeMethods.rocksdb_cache_get_usage(cache.Pointer);
        }
    }

    /// <summary>
    /// The native handle. Throws <see cref="ObjectDisposedException"/> once this object is disposed, even while dependents
    /// keep the native object alive (a referenced <see cref="System.Runtime.InteropServices.SafeHandle"/> does not report closed).
    /// </summary>
    internal CacheSafeHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _handle;
        }
    }

    /// <summary>Creates a least-recently-used cache holding up to <paramref name="capacity"/> bytes.</summary>
    /// <param name="capacity">The capacity in bytes.</param>
    public static Cache CreateLru(ulong capacity) => new(CacheSafeHandle.CreateLru(checked((nuint)capacity)));

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        _handle.Dispose();
    }
}
