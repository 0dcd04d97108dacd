using System.Runtime.InteropServices;

namespace Kappa.Storage.Native;

/// <summary>Opening and closing databases, column families, and database-wide maintenance.</summary>
internal static unsafe partial class NativeMethods
{
    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial IntPtr rocksdb_open_column_families(
        IntPtr options,
        byte* name,
        int numColumnFamilies,
        byte** columnFamilyNames,
        IntPtr* columnFamilyOptions,
        IntPtr* columnFamilyHandles,
        IntPtr* errptr);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_close(IntPtr db);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial byte** rocksdb_list_column_families(IntPtr options, byte* name, nuint* lencf, IntPtr* errptr);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_list_column_families_destroy(byte** list, nuint len);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial IntPtr rocksdb_create_column_family(IntPtr db, IntPtr columnFamilyOptions, byte* name, IntPtr* errptr);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_drop_column_family(IntPtr db, IntPtr handle, IntPtr* errptr);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_column_family_handle_destroy(IntPtr handle);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial IntPtr rocksdb_create_snapshot(IntPtr db);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_release_snapshot(IntPtr db, IntPtr snapshot);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial IntPtr rocksdb_property_value(IntPtr db, byte* propname);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial IntPtr rocksdb_property_value_cf(IntPtr db, IntPtr columnFamily, byte* propname);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_compact_range(IntPtr db, byte* startKey, nuint startKeyLen, byte* limitKey, nuint limitKeyLen);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_compact_range_cf(
        IntPtr db,
        IntPtr columnFamily,
        byte* startKey,
        nuint startKeyLen,
        byte* limitKey,
        nuint limitKeyLen);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_flush(IntPtr db, IntPtr options, IntPtr* errptr);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_flush_cf(IntPtr db, IntPtr options, IntPtr columnFamily, IntPtr* errptr);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial IntPtr rocksdb_checkpoint_object_create(IntPtr db, IntPtr* errptr);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_checkpoint_create(IntPtr checkpoint, byte* checkpointDir, ulong logSizeForFlush, IntPtr* errptr);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_checkpoint_object_destroy(IntPtr checkpoint);
}
