using Kappa.Storage.Native;

namespace Kappa.Storage;

/// <summary>
/// An open column family of one database: a separate key space with its own options and files, written atomically
/// together with the others through a <see cref="WriteBatch"/>.
/// </summary>
/// <remarks>
/// The database owns its handles: they come from <see cref="RocksDb.GetColumnFamily"/> or
/// <see cref="RocksDb.CreateColumnFamily"/> and are released by <see cref="RocksDb.DropColumnFamily"/> or when the
/// database is disposed; using one afterwards throws <see cref="ObjectDisposedException"/>. A handle works only with the
/// database it came from. Thread-safe.
/// </remarks>
public sealed class ColumnFamilyHandle
{
    private readonly ColumnFamilySafeHandle _handle;
    private bool _released;

    internal ColumnFamilyHandle(RocksDb owner, string name, ColumnFamilySafeHandle handle)
    {
        Owner = owner;
        Name = name;
        _handle = handle;
    }

    /// <summary>The column family's name.</summary>
    public string Name { get; }

    internal RocksDb Owner { get; }

    /// <summary>
    /// The native handle. Throws <see cref="ObjectDisposedException"/> once this object is disposed, even while dependents
    /// keep the native object alive (a referenced <see cref="System.Runtime.InteropServices.SafeHandle"/> does not report closed).
    /// </summary>
    internal ColumnFamilySafeHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_released, this);
            return _handle;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Releases the native handle; called by the owning database on drop and on dispose.</summary>
    internal void Release()
    {
        _released = true;
        _handle.Dispose();
    }
}
