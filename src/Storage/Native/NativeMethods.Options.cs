using System.Runtime.InteropServices;

namespace Kappa.Storage.Native;

/// <summary>Database, column-family and table options; the block cache.</summary>
internal static unsafe partial class NativeMethods
{
    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial IntPtr rocksdb_options_create();

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_options_destroy(IntPtr options);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_options_increase_parallelism(IntPtr options, int totalThreads);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_options_set_create_if_missing(IntPtr options, byte value);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_options_set_create_missing_column_families(IntPtr options, byte value);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_options_set_max_open_files(IntPtr options, int value);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_options_set_keep_log_file_num(IntPtr options, nuint value);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_options_set_write_buffer_size(IntPtr options, nuint value);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_get_options_from_string(IntPtr baseOptions, byte* optionsString, IntPtr newOptions, IntPtr* errptr);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_options_set_max_write_buffer_number(IntPtr options, int value);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_options_set_compression(IntPtr options, int value);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_options_set_block_based_table_factory(IntPtr options, IntPtr tableOptions);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial IntPtr rocksdb_block_based_options_create();

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_block_based_options_destroy(IntPtr options);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_block_based_options_set_block_size(IntPtr options, nuint blockSize);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_block_based_options_set_block_cache(IntPtr options, IntPtr blockCache);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_block_based_options_set_filter_policy(IntPtr options, IntPtr filterPolicy);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_block_based_options_set_cache_index_and_filter_blocks(IntPtr options, byte value);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial IntPtr rocksdb_filterpolicy_create_bloom_full(double bitsPerKey);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial IntPtr rocksdb_cache_create_lru(nuint capacity);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial void rocksdb_cache_destroy(IntPtr cache);

    [LibraryImport(NativeLibraryLoader.LibraryName)]
    public static partial nuint rocksdb_cache_get_usage(IntPtr cache);
}
