using Microsoft.Win32.SafeHandles;

namespace Kappa.Storage.Native;

/// <summary>
/// Owns a <c>rocksdb_t</c>. Releasing it closes the database and frees its LOCK file. Every dependent native object
/// (<see cref="DependentSafeHandle"/>) holds a reference on this handle, so the close runs only after the last of
/// them is destroyed, whatever order the managed objects are disposed or finalized in.
/// </summary>
internal sealed class DbSafeHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Takes ownership of an open database.</summary>
    public DbSafeHandle(IntPtr db)
        : base(ownsHandle: true)
    {
        SetHandle(db);
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        NativeMethods.rocksdb_close(handle);
        return true;
    }
}
