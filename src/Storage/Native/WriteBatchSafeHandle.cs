using Microsoft.Win32.SafeHandles;

namespace Kappa.Storage.Native;

/// <summary>Owns a <c>rocksdb_writebatch_t</c>. A batch copies keys and values and refers to nothing else.</summary>
internal sealed class WriteBatchSafeHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Creates an empty batch.</summary>
    public WriteBatchSafeHandle()
        : base(ownsHandle: true)
    {
        SetHandle(NativeMethods.rocksdb_writebatch_create());
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        NativeMethods.rocksdb_writebatch_destroy(handle);
        return true;
    }
}
