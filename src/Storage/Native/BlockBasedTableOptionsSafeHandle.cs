using Microsoft.Win32.SafeHandles;

namespace Kappa.Storage.Native;

/// <summary>Owns a <c>rocksdb_block_based_table_options_t</c>; options copy it when it is installed as their table factory.</summary>
internal sealed class BlockBasedTableOptionsSafeHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Creates table options with RocksDB's defaults.</summary>
    public BlockBasedTableOptionsSafeHandle()
        : base(ownsHandle: true)
    {
        SetHandle(NativeMethods.rocksdb_block_based_options_create());
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        NativeMethods.rocksdb_block_based_options_destroy(handle);
        return true;
    }
}
