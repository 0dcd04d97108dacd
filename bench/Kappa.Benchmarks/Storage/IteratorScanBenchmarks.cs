using BenchmarkDotNet.Attributes;
using Kappa.Storage;

namespace Kappa.Benchmarks.Storage;

/// <summary>
/// A whole-family scan that touches every key and value, as the replay gates and the diff read a version: 500,000
/// rows of a 16-byte key and a 90-byte value, flushed into table files but for the last tenth, which stays in the
/// memtable, so the scan merges both. <see cref="Scan"/> reads key and value apart, <see cref="ScanEntries"/> both in
/// one <see cref="Iterator.Entry"/>. One operation is one row; each invocation reads <see cref="Rows"/>.
/// </summary>
public class IteratorScanBenchmarks
{
    public const int Rows = 500_000;

    private string _directory = "";
    private DbOptions _options = null!;
    private RocksDb _db = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "kappa-bench", Guid.NewGuid().ToString("N"));
        _options = new DbOptions().SetCreateIfMissing().SetCompression(Compression.Snappy);
        _db = RocksDb.Open(_options, _directory);
        var random = new Random(42);
        var key = new byte[16];
        var value = new byte[90];
        for (var i = 0; i < Rows; i++)
        {
            random.NextBytes(key);
            random.NextBytes(value);
            _db.Put(key, value);
            if (i == Rows * 9 / 10)
            {
                _db.Flush();
            }
        }
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public long Scan()
    {
        using var iterator = NewScan();
        long sum = 0;
        for (; iterator.Valid(); iterator.Next())
        {
            sum += iterator.Key()[0] + iterator.Value().Length;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public long ScanEntries()
    {
        using var iterator = NewScan();
        long sum = 0;
        for (; iterator.Valid(); iterator.Next())
        {
            var key = iterator.Entry(out var value);
            sum += key[0] + value.Length;
        }

        return sum;
    }

    /// <summary>An iterator on the first row, with the gates' read options (the iterator keeps them alive).</summary>
    private Iterator NewScan()
    {
        using var readOptions = new ReadOptions().SetFillCache(false).SetReadaheadSize(2 << 20);
        return _db.NewIterator(readOptions: readOptions).SeekToFirst();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _db.Dispose();
        _options.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
