using System.Diagnostics.CodeAnalysis;
using Kappa.Storage.Native;

namespace Kappa.Storage;

/// <summary>Column family management: the database owns one <see cref="ColumnFamilyHandle"/> per open column family.</summary>
public sealed partial class RocksDb
{
    /// <summary>Returns the handle of an open column family.</summary>
    /// <param name="name">The column family name; "default" is always open.</param>
    /// <exception cref="KeyNotFoundException">No column family of that name is open.</exception>
    public ColumnFamilyHandle GetColumnFamily(string name) =>
        TryGetColumnFamily(name, out var handle)
            ? handle
            : throw new KeyNotFoundException($"Column family '{name}' is not open in this database.");

    /// <summary>Looks up the handle of an open column family.</summary>
    /// <param name="name">The column family name.</param>
    /// <param name="handle">The handle, when found.</param>
    public bool TryGetColumnFamily(string name, [NotNullWhen(true)] out ColumnFamilyHandle? handle)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            ThrowIfDisposed();
            return _columnFamilies.TryGetValue(name, out handle);
        }
    }

    /// <summary>Creates a column family and returns its handle.</summary>
    /// <param name="options">Its options; copied.</param>
    /// <param name="name">Its name.</param>
    /// <exception cref="RocksDbException">RocksDB failed, e.g. the column family exists.</exception>
    public unsafe ColumnFamilyHandle CreateColumnFamily(ColumnFamilyOptions options, string name)
    {
        ArgumentNullException.ThrowIfNull(options);
        var nameBytes = NativeStrings.ToNullTerminatedUtf8(name, nameof(name));
        lock (_gate)
        {
            ThrowIfDisposed();
            var handle = new ColumnFamilySafeHandle(_handle);
            IntPtr native;
            try
            {
                using var nativeOptions = new HandleLease(options.Handle);
                var error = IntPtr.Zero;
                fixed (byte* n = nameBytes)
                {
                    native = NativeMethods.rocksdb_create_column_family(_handle.DangerousGetHandle(), nativeOptions.Pointer, n, &error);
                }

                NativeErrors.ThrowIfError(error);
            }
            catch
            {
                handle.Abandon();
                throw;
            }

            handle.Attach(native);
            var columnFamily = new ColumnFamilyHandle(this, name, handle);
            _columnFamilies[name] = columnFamily;
            return columnFamily;
        }
    }

    /// <summary>
    /// Drops a column family and releases its handle. Its data is deleted once nothing reads it any more: iterators
    /// already open on it keep working until disposed.
    /// </summary>
    /// <param name="name">The column family name.</param>
    /// <exception cref="KeyNotFoundException">No column family of that name is open.</exception>
    /// <exception cref="RocksDbException">RocksDB failed, e.g. for the default column family, which cannot be dropped.</exception>
    public unsafe void DropColumnFamily(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            ThrowIfDisposed();
            if (!_columnFamilies.TryGetValue(name, out var columnFamily))
            {
                throw new KeyNotFoundException($"Column family '{name}' is not open in this database.");
            }

            using (var native = new HandleLease(columnFamily.Handle))
            {
                var error = IntPtr.Zero;
                NativeMethods.rocksdb_drop_column_family(_handle.DangerousGetHandle(), native.Pointer, &error);
                NativeErrors.ThrowIfError(error);
            }

            _columnFamilies.Remove(name);
            columnFamily.Release();
        }
    }
}
