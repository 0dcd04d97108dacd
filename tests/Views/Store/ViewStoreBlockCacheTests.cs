using System.Text;
using Kappa.Contracts.Views;
using Kappa.TestKit;
using Kappa.Views.Store;
using Xunit;

namespace Kappa.Views.Tests.Store;

/// <summary>
/// The view store's block cache: one per store, of the size it is opened with, filled by point reads and left alone
/// by whole-version passes (the gates' totals, diffs), so that those do not push out what queries read.
/// </summary>
public sealed class ViewStoreBlockCacheTests : IDisposable
{
    private const int Keys = 2_000;

    private readonly TempDirectory _dir = new("view-store-cache");

    public ViewStoreBlockCacheTests()
    {
        // Rows written, then the store reopened: recovery flushes the write-ahead log into table files, whose blocks
        // are what the cache holds (reads from a memtable never touch it).
        using var store = ViewStore.Open(_dir.Path);
        var upserts = Enumerable.Range(0, Keys)
            .Select(i => new RowUpsert(RowKey.Encode(Encoding.UTF8.GetBytes($"k{i:D5}"), 0), Encoding.UTF8.GetBytes($"{{\"n\":{i},\"pad\":\"{new string('x', 200)}\"}}")))
            .ToArray();
        store.Apply("v", 1, upserts, new Dictionary<int, long> { [0] = Keys });
    }

    [Fact]
    public void Point_reads_fill_the_cache_and_a_whole_version_pass_does_not()
    {
        using var store = ViewStore.Open(_dir.Path);

        // Opening the table files puts a few bytes of bookkeeping in the cache, no data blocks.
        var opened = store.BlockCacheUsage;
        Assert.InRange(opened, 0, 1024);

        var visited = 0;
        byte[]? after = null;
        do
        {
            after = store.VisitRows("v", 1, after, 500, (_, _) => visited++);
        }
        while (after is not null);

        Assert.Equal(Keys, visited);
        Assert.Equal(opened, store.BlockCacheUsage);

        Assert.Single(store.ReadKey("v", 1, "k00042"u8));
        Assert.True(store.BlockCacheUsage > opened + 1024, "a point read from a table file caches the block it read");
    }

    [Fact]
    public void The_cache_holds_no_more_than_it_is_opened_with()
    {
        // 20,000 more rows of about 220 bytes are some 4.4 MB of blocks, four times the capacity below, so a reading of
        // every key fills whatever cache the store has: more than 1 MiB in the default one, no more in one of 1 MiB.
        const long capacity = 1L << 20;
        const int keys = 20_000;
        using (var writer = ViewStore.Open(_dir.Path))
        {
            var upserts = Enumerable.Range(0, keys)
                .Select(i => new RowUpsert(RowKey.Encode(Encoding.UTF8.GetBytes($"b{i:D5}"), 0), Encoding.UTF8.GetBytes($"{{\"n\":{i},\"pad\":\"{new string('x', 200)}\"}}")))
                .ToArray();
            writer.Apply("v", 2, upserts, new Dictionary<int, long> { [0] = keys });
        }

        long ReadEveryKey(ViewStore store)
        {
            for (var i = 0; i < keys; i++)
            {
                Assert.Single(store.ReadKey("v", 2, Encoding.UTF8.GetBytes($"b{i:D5}")));
            }

            return store.BlockCacheUsage;
        }

        using (var large = ViewStore.Open(_dir.Path))
        {
            Assert.True(ReadEveryKey(large) > capacity, "the default cache holds more than the small one may");
        }

        // strict_capacity_limit is off, so a block in use may exceed the capacity briefly, but none is in use between reads.
        using var small = ViewStore.Open(_dir.Path, capacity);
        Assert.InRange(ReadEveryKey(small), 1, capacity);
    }

    [Fact]
    public void A_cache_size_below_one_byte_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ViewStore.Open(_dir.Path, 0));
    }

    public void Dispose() => _dir.Dispose();
}
