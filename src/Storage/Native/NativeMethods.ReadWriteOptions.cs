using System.Runtime.InteropServices;

namespace Kappa.Storage.Native;

/// <summary>Per-call read, write and flush options.</summary>
internal static unsafe partial class NativeMethods
{
    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial IntPtr rocksdb_readoptions_create();

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_readoptions_destroy(IntPtr options);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_readoptions_set_fill_cache(IntPtr options, byte value);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_readoptions_set_readahead_size(IntPtr options, nuint size);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_readoptions_set_snapshot(IntPtr options, IntPtr snapshot);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_readoptions_set_iterate_upper_bound(IntPtr options, byte* key, nuint keylen);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_readoptions_set_iterate_lower_bound(IntPtr options, byte* key, nuint keylen);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial IntPtr rocksdb_writeoptions_create();

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_writeoptions_destroy(IntPtr options);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_writeoptions_set_sync(IntPtr options, byte value);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_writeoptions_disable_WAL(IntPtr options, int disable);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial IntPtr rocksdb_flushoptions_create();

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_flushoptions_destroy(IntPtr options);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_flushoptions_set_wait(IntPtr options, byte value);
}
