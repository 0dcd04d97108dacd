using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;
using Kappa.Storage.Native;

namespace Kappa.Storage;

/// <summary>
/// An open RocksDB database: an embedded, persistent, ordered key-value store with column families, atomic write
/// batches, snapshots and checkpoints. This is the state store under Kappa's processors and views. The surface follows
/// RocksDbSharp's, so that binding could replace this one, with span-based hot paths added.
/// </summary>
/// <remarks>
/// <para>Thread safety: every member is thread-safe. The objects it hands out (<see cref="Iterator"/>,
/// <see cref="WriteBatch"/>, options) are not, unless their documentation says so.</para>
/// <para>Lifetime: <see cref="Dispose"/> releases the column family handles and closes the database, freeing its LOCK
/// so the directory can be reopened. Objects that depend on the database (iterators, snapshots, checkpoints, read
/// options holding a snapshot) keep its native object alive; if any is still open, the close happens when the last of
/// them is disposed, never under their feet. Using the database after disposal throws
/// <see cref="ObjectDisposedException"/>.</para>
/// <para>Errors: every failure RocksDB reports surfaces as a <see cref="RocksDbException"/> carrying RocksDB's
/// message. Key order is RocksDB's default: bytewise, shorter first on a common prefix.</para>
/// </remarks>
public sealed partial class RocksDb : IDisposable
{
    private readonly DbSafeHandle _handle;
    private readonly Dictionary<string, ColumnFamilyHandle> _columnFamilies = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private volatile bool _disposed;

    private RocksDb(DbSafeHandle handle)
    {
        _handle = handle;
    }

    /// <summary>Opens the database at <paramref name="path"/> with only its default column family.</summary>
    /// <param name="options">Database options, also used for the default column family; copied.</param>
    /// <param name="path">The database directory.</param>
    /// <exception cref="RocksDbException">RocksDB failed, e.g. the database does not exist and
    /// <see cref="DbOptions.SetCreateIfMissing"/> is off, it has other column families, or it is locked.</exception>
    public static RocksDb Open(DbOptions options, string path) => Open(options, path, new ColumnFamilies());

    /// <summary>Opens the database at <paramref name="path"/> with the given column families.</summary>
    /// <param name="options">Database options; copied.</param>
    /// <param name="path">The database directory.</param>
    /// <param name="columnFamilies">Every column family the database has (plus any to create, see
    /// <see cref="DbOptions.SetCreateMissingColumnFamilies"/>); their handles are then available from
    /// <see cref="GetColumnFamily"/>.</param>
    /// <exception cref="RocksDbException">RocksDB failed.</exception>
    public static unsafe RocksDb Open(DbOptions options, string path, ColumnFamilies columnFamilies)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(columnFamilies);
        var pathBytes = NativeStrings.ToNullTerminatedUtf8(path, nameof(path));
        var descriptors = columnFamilies.ToArray();
        var names = new IntPtr[descriptors.Length];
        var optionPointers = new IntPtr[descriptors.Length];
        var handles = new IntPtr[descriptors.Length];
        var leased = new List<SafeHandle>(descriptors.Length + 1);
        var error = IntPtr.Zero;
        IntPtr db;
        try
        {
            var dbOptions = AddRef(options.Handle, leased);
            for (var i = 0; i < descriptors.Length; i++)
            {
                NativeStrings.ThrowIfContainsNul(descriptors[i].Name, nameof(columnFamilies));
                names[i] = (IntPtr)Utf8StringMarshaller.ConvertToUnmanaged(descriptors[i].Name);
                optionPointers[i] = AddRef((descriptors[i].Options ?? options).Handle, leased);
            }

            fixed (byte* p = pathBytes)
            fixed (IntPtr* n = names)
            fixed (IntPtr* o = optionPointers)
            fixed (IntPtr* h = handles)
            {
                db = NativeMethods.rocksdb_open_column_families(dbOptions, p, descriptors.Length, (byte**)n, o, h, &error);
            }
        }
        finally
        {
            foreach (var name in names)
            {
                Utf8StringMarshaller.Free((byte*)name);
            }

            foreach (var handle in leased)
            {
                handle.DangerousRelease();
            }
        }

        NativeErrors.ThrowIfError(error);
        return Adopt(db, descriptors, handles);
    }

    /// <summary>Lists the column families of the database at <paramref name="path"/>, "default" included.</summary>
    /// <param name="options">Options to read it with.</param>
    /// <param name="path">The database directory.</param>
    /// <exception cref="RocksDbException">RocksDB failed, e.g. there is no database there.</exception>
    public static unsafe IReadOnlyList<string> ListColumnFamilies(DbOptions options, string path)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pathBytes = NativeStrings.ToNullTerminatedUtf8(path, nameof(path));
        using var nativeOptions = new HandleLease(options.Handle);
        var error = IntPtr.Zero;
        nuint count;
        byte** list;
        fixed (byte* p = pathBytes)
        {
            list = NativeMethods.rocksdb_list_column_families(nativeOptions.Pointer, p, &count, &error);
        }

        NativeErrors.ThrowIfError(error);
        try
        {
            var names = new string[checked((int)count)];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = Marshal.PtrToStringUTF8((IntPtr)list[i])!;
            }

            return names;
        }
        finally
        {
            NativeMethods.rocksdb_list_column_families_destroy(list, count);
        }
    }

    /// <summary>
    /// Releases the column family handles and closes the database; deferred while dependent objects are open (see the
    /// class remarks). Idempotent.
    /// </summary>
    public void Dispose()
    {
        ColumnFamilyHandle[] columnFamilies;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            columnFamilies = [.. _columnFamilies.Values];
            _columnFamilies.Clear();
        }

        foreach (var columnFamily in columnFamilies)
        {
            columnFamily.Release();
        }

        _handle.Dispose();
    }

    private static IntPtr AddRef(SafeHandle handle, List<SafeHandle> leased)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        leased.Add(handle);
        return handle.DangerousGetHandle();
    }

    private static RocksDb Adopt(IntPtr native, ColumnFamilyDescriptor[] descriptors, IntPtr[] columnFamilies)
    {
        if (native == IntPtr.Zero)
        {
            throw new RocksDbException("RocksDB returned no database and no error.");
        }

        var db = new RocksDb(new DbSafeHandle(native));
        for (var i = 0; i < descriptors.Length; i++)
        {
            var handle = new ColumnFamilySafeHandle(db._handle);
            handle.Attach(columnFamilies[i]);
            db._columnFamilies.Add(descriptors[i].Name, new ColumnFamilyHandle(db, descriptors[i].Name, handle));
        }

        return db;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Rejects a column family handle of another database or one already released.</summary>
    private void ThrowIfForeign(ColumnFamilyHandle? cf)
    {
        if (cf is null)
        {
            return;
        }

        if (!ReferenceEquals(cf.Owner, this))
        {
            throw new ArgumentException($"Column family '{cf.Name}' belongs to another database.", nameof(cf));
        }

        // The accessor throws ObjectDisposedException once the column family is dropped or the database disposed.
        _ = cf.Handle;
    }

    /// <summary>Rejects read options holding a snapshot of another database.</summary>
    private void ThrowIfForeign(ReadOptions? readOptions)
    {
        if (readOptions?.Snapshot is { } snapshot && !ReferenceEquals(snapshot.Owner, this))
        {
            throw new ArgumentException("The read options hold a snapshot of another database.", nameof(readOptions));
        }
    }
}
