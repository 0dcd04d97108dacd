using Microsoft.Win32.SafeHandles;

namespace Kappa.Storage.Native;

/// <summary>
/// Owns a <c>rocksdb_cache_t</c>, which wraps a <c>std::shared_ptr</c>. Table options copy the shared pointer, so
/// destroying this handle only drops this reference; the cache lives on while any table factory uses it.
/// </summary>
internal sealed class CacheSafeHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private CacheSafeHandle(nuint capacity)
        : base(ownsHandle: true)
    {
        SetHandle(NativeMethods.rocksdb_cache_create_lru(capacity));
    }

    /// <summary>Creates an LRU cache holding up to <paramref name="capacity"/> bytes.</summary>
    public static CacheSafeHandle CreateLru(nuint capacity) => new(capacity);

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        NativeMethods.rocksdb_cache_destroy(handle);
        return true;
    }
}
