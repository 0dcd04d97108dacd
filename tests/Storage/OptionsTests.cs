using Kappa.TestKit;
using Xunit;

namespace Kappa.Storage.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void A_shared_lru_block_cache_fills_on_reads()
    {
        using var dir = new TempDirectory("rocksdb");
        using var cache = Cache.CreateLru(8 << 20);
        using var table = new BlockBasedTableOptions()
            .SetBlockCache(cache)
            .SetBlockSize(4096)
            .SetBloomFilter(10)
            .SetCacheIndexAndFilterBlocks();
        using var options = ScratchDb.NewOptions()
            .IncreaseParallelism(2)
            .SetMaxOpenFiles(64)
            .SetWriteBufferSize(4 << 20)
            .SetMaxWriteBufferNumber(3)
            .SetBlockBasedTableFactory(table);
        using var db = RocksDb.Open(options, dir.Combine("db"));
        for (var i = 0; i < 1000; i++)
        {
            db.Put(BitConverter.GetBytes(i), new byte[100]);
        }

        db.Flush();
        var before = cache.Usage;
        Assert.NotNull(db.Get(BitConverter.GetBytes(500)));

        Assert.True(cache.Usage > before, $"cache usage {cache.Usage} did not grow from {before}");
    }

    [Fact]
    public void The_sequential_insert_hint_keeps_the_other_options_and_every_key_order_reads_back_sorted()
    {
        using var dir = new TempDirectory("rocksdb");
        using var options = ScratchDb.NewOptions();
        using var hinted = new ColumnFamilyOptions().SetWriteBufferSize(4 << 20).UseSequentialInsertHint();
        var families = new ColumnFamilies();
        families.Add("hinted", hinted);
        using var db = RocksDb.Open(options, dir.Combine("db"), families);
        var family = db.GetColumnFamily("hinted");
        var keys = Enumerable.Range(0, 3000).Select(i => i * 7919 % 3000).ToArray();
        foreach (var order in new[] { keys.Order(), keys.OrderDescending(), keys.AsEnumerable() })
        {
            using var batch = new WriteBatch();
            foreach (var key in order)
            {
                batch.Put(Key(key), BitConverter.GetBytes(key), family);
            }

            db.Write(batch);
        }

        var read = new List<int>();
        using var iterator = db.NewIterator(family);
        for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
        {
            read.Add(BitConverter.ToInt32(iterator.Value()));
        }

        Assert.Equal(Enumerable.Range(0, 3000), read);
        var stored = File.ReadAllText(Directory.GetFiles(dir.Combine("db"), "OPTIONS-*").Max()!);
        Assert.Contains("memtable_insert_with_hint_prefix_extractor=rocksdb.CappedPrefix.0", stored, StringComparison.Ordinal);
        Assert.Contains("write_buffer_size=4194304", stored, StringComparison.Ordinal);

        static byte[] Key(int i) => [(byte)(i >> 8), (byte)i];
    }

    [Theory]
    [InlineData(Compression.None)]
    [InlineData(Compression.Snappy)]
    [InlineData(Compression.Lz4)]
    [InlineData(Compression.Zstd)]
    public void Linked_compressions_round_trip_through_sst_files(Compression compression)
    {
        using var dir = new TempDirectory("rocksdb");
        using var options = ScratchDb.NewOptions().SetCompression(compression);
        using var db = RocksDb.Open(options, dir.Combine("db"));
        var value = new byte[10_000];

        db.Put(Bytes.Of("k"), value);
        db.Flush();

        Assert.Equal(value, db.Get(Bytes.Of("k")));
    }

    [Fact]
    public void A_compression_missing_from_the_build_fails_the_open_with_rocksdb_message()
    {
        using var dir = new TempDirectory("rocksdb");
        using var options = ScratchDb.NewOptions().SetCompression(Compression.Xpress);

        var error = Assert.Throws<RocksDbException>(() => RocksDb.Open(options, dir.Combine("db")));

        Assert.Contains("Compression", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Listing_column_families_of_a_missing_database_fails()
    {
        using var dir = new TempDirectory("rocksdb");
        using var options = new DbOptions();

        Assert.Throws<RocksDbException>(() => RocksDb.ListColumnFamilies(options, dir.Combine("absent")));
    }

    [Fact]
    public void Options_may_be_disposed_once_the_database_is_open()
    {
        using var dir = new TempDirectory("rocksdb");
        RocksDb db;
        using (var options = ScratchDb.NewOptions())
        {
            db = RocksDb.Open(options, dir.Combine("db"));
        }

        using (db)
        {
            db.Put(Bytes.Of("k"), Bytes.Of("v"));
            Assert.Equal("v", Bytes.Text(db.Get(Bytes.Of("k"))));
        }
    }

    [Fact]
    public void Paths_and_names_with_nul_are_rejected_before_reaching_rocksdb()
    {
        using var options = new DbOptions();

        Assert.Throws<ArgumentException>(() => RocksDb.Open(options, "/tmp/a\0b"));
    }
}
