using Microsoft.Win32.SafeHandles;

namespace Kappa.Storage.Native;

/// <summary>Owns a <c>rocksdb_writeoptions_t</c>; RocksDB reads it only during a write call.</summary>
internal sealed class WriteOptionsSafeHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Creates write options with RocksDB's defaults (WAL on, no sync).</summary>
    public WriteOptionsSafeHandle()
        : base(ownsHandle: true)
    {
        SetHandle(NativeMethods.rocksdb_writeoptions_create());
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        NativeMethods.rocksdb_writeoptions_destroy(handle);
        return true;
    }
}
