using System.Runtime.InteropServices;

namespace Kappa.Storage.Native;

/// <summary>
/// Iterators. The accessors of the current entry (<c>valid</c>, <c>key</c>, <c>value</c>) skip the runtime's GC
/// transition: each returns a field of the iterator's current position without locking, blocking or calling back, so
/// the GC never waits on one, and a scan calls three of them per entry. Moves (seek, next, prev) may read table files
/// and keep the transition.
/// </summary>
internal static unsafe partial class NativeMethods
{
    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial IntPtr rocksdb_create_iterator(IntPtr db, IntPtr options);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial IntPtr rocksdb_create_iterator_cf(IntPtr db, IntPtr options, IntPtr columnFamily);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_iter_destroy(IntPtr iterator);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    [SuppressGCTransition]
    public static partial byte rocksdb_iter_valid(IntPtr iterator);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_iter_seek_to_first(IntPtr iterator);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_iter_seek_to_last(IntPtr iterator);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_iter_seek(IntPtr iterator, byte* k, nuint klen);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_iter_seek_for_prev(IntPtr iterator, byte* k, nuint klen);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_iter_next(IntPtr iterator);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_iter_prev(IntPtr iterator);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    [SuppressGCTransition]
    public static partial byte* rocksdb_iter_key(IntPtr iterator, nuint* klen);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    [SuppressGCTransition]
    public static partial byte* rocksdb_iter_value(IntPtr iterator, nuint* vlen);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_iter_get_error(IntPtr iterator, IntPtr* errptr);
}
