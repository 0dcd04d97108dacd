using Kappa.Storage.Native;

namespace Kappa.Storage;

/// <summary>
/// A consistent, read-only view of a database at the moment <see cref="RocksDb.CreateSnapshot"/> was called. Reads
/// through <see cref="ReadOptions.SetSnapshot"/> see exactly the writes made before it, whatever is written later.
/// </summary>
/// <remarks>
/// A live snapshot keeps RocksDB from discarding the versions it sees, so release it promptly. It also keeps its
/// database's native object open: disposing the <see cref="RocksDb"/> first is safe, and the database closes once
/// the snapshot (and every other dependent object) is disposed. Thread-safe.
/// </remarks>
public sealed class Snapshot : IDisposable
{
    private readonly SnapshotSafeHandle _handle;
    private bool _disposed;

    internal Snapshot(RocksDb owner, SnapshotSafeHandle handle)
    {
        Owner = owner;
        _handle = handle;
    }

    internal RocksDb Owner { get; }

    /// <summary>
    /// The native handle. Throws <see cref="ObjectDisposedException"/> once this object is disposed, even while dependents
    /// keep the native object alive (a referenced <see cref="System.Runtime.InteropServices.SafeHandle"/> does not report closed).
    /// </summary>
    internal SnapshotSafeHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _handle;
        }
    }

    /// <summary>Releases the snapshot; read options still referring to it keep it alive until they let go.</summary>
    public void Dispose()
    {
        _disposed = true;
        _handle.Dispose();
    }
}
