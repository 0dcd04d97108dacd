using Kappa.Storage.Native;

namespace Kappa.Storage;

/// <summary>
/// How a database is opened and run: creation, background threads, open files, plus the column-family settings of the
/// default column family (inherited from <see cref="ColumnFamilyOptions"/>). RocksDB copies the options when opening,
/// so they may be disposed or reused once <see cref="RocksDb.Open(DbOptions, string)"/> returns. Not thread-safe.
/// </summary>
/// <remarks>
/// The inherited setters are redeclared to return <see cref="DbOptions"/>, so a chain such as
/// <c>new DbOptions().SetCreateIfMissing().SetWriteBufferSize(16 &lt;&lt; 20)</c> keeps its type.
/// </remarks>
public sealed class DbOptions : ColumnFamilyOptions
{
    /// <summary>Creates the database if it does not exist (default false).</summary>
    /// <param name="value">Whether to create it.</param>
    public DbOptions SetCreateIfMissing(bool value = true)
    {
        using var options = new HandleLease(Handle);
        NativeMethods.rocksdb_options_set_create_if_missing(options.Pointer, value ? (byte)1 : (byte)0);
        return this;
    }

    /// <summary>Creates the column families named at open that do not exist yet (default false).</summary>
    /// <param name="value">Whether to create them.</param>
    public DbOptions SetCreateMissingColumnFamilies(bool value = true)
    {
        using var options = new HandleLease(Handle);
        NativeMethods.rocksdb_options_set_create_missing_column_families(options.Pointer, value ? (byte)1 : (byte)0);
        return this;
    }

    /// <summary>Runs flushes and compactions on up to <paramref name="totalThreads"/> background threads.</summary>
    /// <param name="totalThreads">The thread count; the number of cores is a good value.</param>
    public DbOptions IncreaseParallelism(int totalThreads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalThreads);
        using var options = new HandleLease(Handle);
        NativeMethods.rocksdb_options_increase_parallelism(options.Pointer, totalThreads);
        return this;
    }

    /// <summary>Caps the SST files kept open; -1 (the default) keeps every file open.</summary>
    /// <param name="value">The limit, or -1.</param>
    public DbOptions SetMaxOpenFiles(int value)
    {
        using var options = new HandleLease(Handle);
        NativeMethods.rocksdb_options_set_max_open_files(options.Pointer, value);
        return this;
    }

    /// <summary>Sets how many info LOG files RocksDB keeps; every open rolls the LOG (default 1000).</summary>
    /// <param name="value">The count, at least 1.</param>
    public DbOptions SetKeepLogFileNum(ulong value)
    {
        ArgumentOutOfRangeException.ThrowIfZero(value);
        using var options = new HandleLease(Handle);
        NativeMethods.rocksdb_options_set_keep_log_file_num(options.Pointer, checked((nuint)value));
        return this;
    }

    /// <inheritdoc cref="ColumnFamilyOptions.SetWriteBufferSize"/>
    public new DbOptions SetWriteBufferSize(ulong size)
    {
        base.SetWriteBufferSize(size);
        return this;
    }

    /// <inheritdoc cref="ColumnFamilyOptions.SetMaxWriteBufferNumber"/>
    public new DbOptions SetMaxWriteBufferNumber(int count)
    {
        base.SetMaxWriteBufferNumber(count);
        return this;
    }

    /// <inheritdoc cref="ColumnFamilyOptions.SetCompression"/>
    public new DbOptions SetCompression(Compression compression)
    {
        base.SetCompression(compression);
        return this;
    }

    /// <inheritdoc cref="ColumnFamilyOptions.SetBlockBasedTableFactory"/>
    public new DbOptions SetBlockBasedTableFactory(BlockBasedTableOptions tableOptions)
    {
        base.SetBlockBasedTableFactory(tableOptions);
        return this;
    }
}
