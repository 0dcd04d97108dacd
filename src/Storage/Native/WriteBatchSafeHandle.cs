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

    /// <summary>Takes ownership of a batch made by RocksDB.</summary>
    /// <param name="batch">The batch, as <c>rocksdb_writebatch_create_from</c> returned it.</param>
    public WriteBatchSafeHandle(IntPtr batch)
        : base(ownsHandle: true)
    {
        SetHandle(batch);
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        NativeMethods.rocksdb_writebatch_destroy(handle);
        return true;
    }
}
