using System.Text;
using Kappa.TestKit;

namespace Kappa.Storage.Tests;

/// <summary>A database in a fresh temp directory, created on construction and deleted on dispose.</summary>
internal sealed class ScratchDb : IDisposable
{
    public ScratchDb(ColumnFamilies? columnFamilies = null)
    {
        Directory = new TempDirectory("rocksdb");
        Path = Directory.Combine("db");
        Options = NewOptions();
        Db = RocksDb.Open(Options, Path, columnFamilies ?? new ColumnFamilies());
    }

    public TempDirectory Directory { get; }

    public string Path { get; }

    public DbOptions Options { get; }

    public RocksDb Db { get; private set; }

    /// <summary>Options that create what is missing and keep one info LOG, so repeated opens leave little behind.</summary>
    public static DbOptions NewOptions() =>
        new DbOptions().SetCreateIfMissing().SetCreateMissingColumnFamilies().SetKeepLogFileNum(1);

    public RocksDb Reopen(ColumnFamilies? columnFamilies = null)
    {
        Db.Dispose();
        Db = RocksDb.Open(Options, Path, columnFamilies ?? new ColumnFamilies());
        return Db;
    }

    public void Dispose()
    {
        Db.Dispose();
        Options.Dispose();
        Directory.Dispose();
    }
}

/// <summary>Byte helpers that keep test data readable.</summary>
internal static class Bytes
{
    public static byte[] Of(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    public static string? Text(byte[]? bytes) => bytes is null ? null : Encoding.UTF8.GetString(bytes);
}
