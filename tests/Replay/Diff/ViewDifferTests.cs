using Kappa.Replay.Diff;
using Kappa.TestKit;
using Kappa.Views.Store;
using Xunit;

namespace Kappa.Replay.Tests.Diff;

public sealed class ViewDifferTests : IDisposable
{
    private readonly TempDirectory _dir = new("differ");
    private readonly ViewStore _store;

    public ViewDifferTests() => _store = ViewStore.Open(_dir.Path);

    [Fact]
    public void Equal_versions_have_equal_hashes_and_no_differences()
    {
        StoreRows.Write(_store, 1, ("a", 0, 1, 2m), ("a", 1, 3, 4m), ("b", 0, 5, 6m));
        StoreRows.Write(_store, 2, ("b", 0, 5, 6m), ("a", 1, 3, 4m), ("a", 0, 1, 2m));

        var diff = ViewDiffer.Compare(_store, "sales", 1, 2, 10);

        Assert.True(diff.Identical);
        Assert.Equal((3L, 3L, 0L, 0L, 0L, 2L), (diff.RowsA, diff.RowsB, diff.KeysAdded, diff.KeysRemoved, diff.KeysChanged, diff.KeysUnchanged));
    }

    [Fact]
    public void Keys_are_added_removed_or_changed_by_any_row_of_theirs()
    {
        StoreRows.Write(_store, 1, ("gone", 0, 1, 1m), ("same", 0, 1, 1m), ("value", 0, 1, 1m), ("window", 0, 1, 1m), ("window", 1, 1, 1m));
        StoreRows.Write(_store, 2, ("new", 0, 1, 1m), ("same", 0, 1, 1m), ("value", 0, 2, 1m), ("window", 0, 1, 1m));

        var diff = ViewDiffer.Compare(_store, "sales", 1, 2, 10);

        Assert.False(diff.Identical);
        Assert.Equal(["new"], diff.Added);
        Assert.Equal(["gone"], diff.Removed);
        Assert.Equal(["value", "window"], diff.Changed);
        Assert.Equal((1L, 1L, 2L, 1L), (diff.KeysAdded, diff.KeysRemoved, diff.KeysChanged, diff.KeysUnchanged));
        Assert.Equal((5L, 4L), (diff.RowsA, diff.RowsB));
    }

    [Fact]
    public void Samples_are_capped_but_counts_are_whole_across_pages()
    {
        StoreRows.Write(_store, 1, [.. Enumerable.Range(0, 25_000).Select(i => ($"k{i:D5}", 0, 1L, 1m))]);
        StoreRows.Write(_store, 2, ("k00000", 0, 1, 1m));

        var diff = ViewDiffer.Compare(_store, "sales", 1, 2, 3);

        Assert.Equal(24_999, diff.KeysRemoved);
        Assert.Equal(["k00001", "k00002", "k00003"], diff.Removed);
        Assert.Equal(1, diff.KeysUnchanged);
    }

    [Fact]
    public void A_diff_reads_past_the_block_cache()
    {
        // Rows in table files (a reopened store has flushed its write-ahead log): reads from a memtable never touch the cache.
        using var dir = new TempDirectory("differ-cache");
        using (var writer = ViewStore.Open(dir.Path))
        {
            StoreRows.Write(writer, 1, [.. Enumerable.Range(0, 5_000).Select(i => ($"k{i:D5}", 0, 1L, 1m))]);
            StoreRows.Write(writer, 2, [.. Enumerable.Range(0, 5_000).Select(i => ($"k{i:D5}", 0, 2L, 1m))]);
        }

        using var store = ViewStore.Open(dir.Path);
        var opened = store.BlockCacheUsage;

        var diff = ViewDiffer.Compare(store, "sales", 1, 2, 3);

        Assert.Equal(5_000, diff.KeysChanged);
        Assert.Equal(opened, store.BlockCacheUsage);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }
}
