using Xunit;
using static Kappa.Storage.Tests.IteratorTests;

namespace Kappa.Storage.Tests;

public sealed class ReadOptionsTests
{
    [Fact]
    public void Lower_and_upper_bounds_limit_iteration_half_open()
    {
        using var scratch = WithKeys(["a", "b", "c", "d"]);
        using var readOptions = new ReadOptions().SetIterateLowerBound(Bytes.Of("b")).SetIterateUpperBound(Bytes.Of("d"));
        using var iterator = scratch.Db.NewIterator(readOptions: readOptions);

        Assert.Equal(Keys("b", "c"), Forward(iterator.SeekToFirst()));
        Assert.Equal(Keys("c", "b"), Backward(iterator.SeekToLast()));
    }

    [Fact]
    public void Empty_bounds_remove_the_bound()
    {
        using var scratch = WithKeys(["a", "b"]);
        using var readOptions = new ReadOptions().SetIterateUpperBound(Bytes.Of("b")).SetIterateUpperBound(null);
        using var iterator = scratch.Db.NewIterator(readOptions: readOptions);

        Assert.Equal(Keys("a", "b"), Forward(iterator.SeekToFirst()));
    }

    [Fact]
    public void Bounds_are_copied_so_the_caller_may_reuse_its_buffer()
    {
        using var scratch = WithKeys(["a", "b", "c"]);
        var buffer = Bytes.Of("c");
        using var readOptions = new ReadOptions().SetIterateUpperBound(buffer);
        buffer[0] = (byte)'z';
        using var iterator = scratch.Db.NewIterator(readOptions: readOptions);

        Assert.Equal(Keys("a", "b"), Forward(iterator.SeekToFirst()));
    }

    [Fact]
    public void Prefix_bounds_select_exactly_the_keys_with_the_prefix()
    {
        using var scratch = WithKeys(["ab", "b", "ba", "bzz", "c", "ca"]);
        using var readOptions = new ReadOptions().SetPrefixBounds(Bytes.Of("b"));
        using var iterator = scratch.Db.NewIterator(readOptions: readOptions);

        Assert.Equal(Keys("b", "ba", "bzz"), Forward(iterator.SeekToFirst()));
        Assert.Equal(Keys("bzz", "ba", "b"), Backward(iterator.SeekToLast()));
    }

    [Fact]
    public void Prefix_ending_in_0xff_carries_into_the_previous_byte()
    {
        using var scratch = WithKeys(new byte[][] { [0x01, 0xFE], [0x01, 0xFF], [0x01, 0xFF, 0x00], [0x01, 0xFF, 0xFF], [0x02], [0x02, 0x00] });
        using var readOptions = new ReadOptions().SetPrefixBounds([0x01, 0xFF]);
        using var iterator = scratch.Db.NewIterator(readOptions: readOptions);

        Assert.Equal([[0x01, 0xFF], [0x01, 0xFF, 0x00], [0x01, 0xFF, 0xFF]], Forward(iterator.SeekToFirst()));
        Assert.Equal([[0x01, 0xFF, 0xFF], [0x01, 0xFF, 0x00], [0x01, 0xFF]], Backward(iterator.SeekToLast()));
    }

    [Fact]
    public void All_0xff_prefix_has_no_upper_bound_and_reaches_the_end_of_the_key_space()
    {
        using var scratch = WithKeys(new byte[][] { [0xFE, 0xFF], [0xFF], [0xFF, 0x00], [0xFF, 0xFF], [0xFF, 0xFF, 0xFF, 0x01] });
        using var readOptions = new ReadOptions().SetPrefixBounds([0xFF, 0xFF]);
        using var iterator = scratch.Db.NewIterator(readOptions: readOptions);

        Assert.Equal([[0xFF, 0xFF], [0xFF, 0xFF, 0xFF, 0x01]], Forward(iterator.SeekToFirst()));
        Assert.Equal([[0xFF, 0xFF, 0xFF, 0x01], [0xFF, 0xFF]], Backward(iterator.SeekToLast()));
    }

    [Fact]
    public void Prefix_bounds_can_be_moved_between_scans()
    {
        using var scratch = WithKeys(["a1", "a2", "b1", "bb1", "c1"]);
        using var readOptions = new ReadOptions();
        var scans = new List<List<byte[]>>();

        foreach (var prefix in new[] { "a", "bb", "b", "" })
        {
            readOptions.SetPrefixBounds(Bytes.Of(prefix));
            using var iterator = scratch.Db.NewIterator(readOptions: readOptions);
            scans.Add(Forward(iterator.SeekToFirst()));
        }

        Assert.Equal(Keys("a1", "a2"), scans[0]);
        Assert.Equal(Keys("bb1"), scans[1]);
        Assert.Equal(Keys("b1", "bb1"), scans[2]);
        Assert.Equal(5, scans[3].Count);
    }

    [Fact]
    public void Options_are_frozen_while_an_iterator_uses_them()
    {
        using var scratch = WithKeys(["a"]);
        using var readOptions = new ReadOptions().SetPrefixBounds(Bytes.Of("a"));
        var iterator = scratch.Db.NewIterator(readOptions: readOptions);

        Assert.Throws<InvalidOperationException>(() => readOptions.SetIterateUpperBound(Bytes.Of("z")));
        Assert.Throws<InvalidOperationException>(() => readOptions.SetPrefixBounds(Bytes.Of("b")));
        Assert.Throws<InvalidOperationException>(() => readOptions.SetFillCache(false));
        Assert.Throws<InvalidOperationException>(() => readOptions.SetReadaheadSize(0));

        iterator.Dispose();
        readOptions.SetPrefixBounds(Bytes.Of("b"));
    }

    [Fact]
    public void Disposing_the_options_does_not_affect_an_open_iterator()
    {
        using var scratch = WithKeys(["a", "b", "c"]);
        var readOptions = new ReadOptions().SetIterateUpperBound(Bytes.Of("c"));
        using var iterator = scratch.Db.NewIterator(readOptions: readOptions);

        readOptions.Dispose();

        Assert.Equal(Keys("a", "b"), Forward(iterator.SeekToFirst()));
        Assert.Throws<ObjectDisposedException>(() => scratch.Db.NewIterator(readOptions: readOptions));
    }

    [Fact]
    public void Reads_without_filling_the_cache_still_find_the_values()
    {
        using var scratch = WithKeys(["a"]);
        scratch.Db.Flush();
        using var readOptions = new ReadOptions().SetFillCache(false);

        Assert.Equal("a", Bytes.Text(scratch.Db.Get(Bytes.Of("a"), readOptions: readOptions)));
    }

    [Fact]
    public void A_scan_reading_ahead_sees_every_key_of_the_table_files_in_order()
    {
        // Enough keys for many 4 KiB blocks, so the read-ahead spans several of them at once.
        var keys = Enumerable.Range(0, 20_000).Select(i => $"key-{i:D6}").ToList();
        using var scratch = WithKeys(keys);
        scratch.Db.Flush();
        using var readOptions = new ReadOptions().SetFillCache(false).SetReadaheadSize(64 * 1024);
        using var iterator = scratch.Db.NewIterator(readOptions: readOptions);

        Assert.Equal(keys, Forward(iterator.SeekToFirst()).Select(Bytes.Text));
    }

    [Fact]
    public void A_negative_read_ahead_is_refused()
    {
        using var readOptions = new ReadOptions();

        Assert.Throws<ArgumentOutOfRangeException>(() => readOptions.SetReadaheadSize(-1));
    }

    private static List<byte[]> Keys(params string[] keys) => [.. keys.Select(Bytes.Of)];
}
