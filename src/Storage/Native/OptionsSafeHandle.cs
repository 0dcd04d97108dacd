using Microsoft.Win32.SafeHandles;

namespace Kappa.Storage.Native;

/// <summary>Owns a <c>rocksdb_options_t</c>. RocksDB copies options when opening, so nothing depends on this handle afterwards.</summary>
internal sealed class OptionsSafeHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Creates options with RocksDB's defaults.</summary>
    public OptionsSafeHandle()
        : base(ownsHandle: true)
    {
        SetHandle(NativeMethods.rocksdb_options_create());
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        NativeMethods.rocksdb_options_destroy(handle);
        return true;
    }
}
