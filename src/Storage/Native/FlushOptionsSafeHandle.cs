using Microsoft.Win32.SafeHandles;

namespace Kappa.Storage.Native;

/// <summary>Owns a <c>rocksdb_flushoptions_t</c>; RocksDB reads it only during a flush call.</summary>
internal sealed class FlushOptionsSafeHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Creates flush options with RocksDB's defaults (wait for the flush).</summary>
    public FlushOptionsSafeHandle()
        : base(ownsHandle: true)
    {
        SetHandle(NativeMethods.rocksdb_flushoptions_create());
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        NativeMethods.rocksdb_flushoptions_destroy(handle);
        return true;
    }
}
