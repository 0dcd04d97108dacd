using System.Runtime.InteropServices;

namespace Kappa.Storage.Native;

/// <summary>Point reads and writes, write batches.</summary>
internal static unsafe partial class NativeMethods
{
    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_put(IntPtr db, IntPtr options, byte* key, nuint keylen, byte* val, nuint vallen, IntPtr* errptr);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_put_cf(
        IntPtr db,
        IntPtr options,
        IntPtr columnFamily,
        byte* key,
        nuint keylen,
        byte* val,
        nuint vallen,
        IntPtr* errptr);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_delete(IntPtr db, IntPtr options, byte* key, nuint keylen, IntPtr* errptr);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_delete_cf(IntPtr db, IntPtr options, IntPtr columnFamily, byte* key, nuint keylen, IntPtr* errptr);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_write(IntPtr db, IntPtr options, IntPtr batch, IntPtr* errptr);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial IntPtr rocksdb_get_pinned(IntPtr db, IntPtr options, byte* key, nuint keylen, IntPtr* errptr);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial IntPtr rocksdb_get_pinned_cf(IntPtr db, IntPtr options, IntPtr columnFamily, byte* key, nuint keylen, IntPtr* errptr);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_pinnableslice_destroy(IntPtr slice);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial byte* rocksdb_pinnableslice_value(IntPtr slice, nuint* vlen);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial IntPtr rocksdb_writebatch_create();

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial IntPtr rocksdb_writebatch_create_from(byte* rep, nuint size);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_writebatch_destroy(IntPtr batch);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_writebatch_clear(IntPtr batch);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial int rocksdb_writebatch_count(IntPtr batch);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial byte* rocksdb_writebatch_data(IntPtr batch, nuint* size);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_writebatch_put(IntPtr batch, byte* key, nuint klen, byte* val, nuint vlen);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_writebatch_put_cf(IntPtr batch, IntPtr columnFamily, byte* key, nuint klen, byte* val, nuint vlen);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_writebatch_delete(IntPtr batch, byte* key, nuint klen);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_writebatch_delete_cf(IntPtr batch, IntPtr columnFamily, byte* key, nuint klen);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_writebatch_delete_range(IntPtr batch, byte* startKey, nuint startKeyLen, byte* endKey, nuint endKeyLen);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_writebatch_delete_range_cf(
        IntPtr batch,
        IntPtr columnFamily,
        byte* startKey,
        nuint startKeyLen,
        byte* endKey,
        nuint endKeyLen);
}
