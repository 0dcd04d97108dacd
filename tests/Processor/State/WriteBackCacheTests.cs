using System.Text;
using Kappa.Processor.State;
using Xunit;

namespace Kappa.Processor.Tests.State;

public sealed class WriteBackCacheTests
{
    [Fact]
    public void A_miss_loads_the_stored_value_once_and_later_updates_add_to_it()
    {
        var cache = new WriteBackCache();
        var loads = 0;
        long Load(ReadOnlySpan<byte> key)
        {
            loads++;
            return 10;
        }

        cache.Add("a"u8, 1, Load);
        cache.Add("a"u8, 2, Load);

        var drained = Drain(cache);
        Assert.Equal(1, loads);
        Assert.Equal([("a", 13L)], drained);
    }

    [Fact]
    public void Drain_returns_each_dirty_row_once_in_first_dirtied_order_then_nothing()
    {
        var cache = new WriteBackCache();
        cache.Add("b"u8, 1, _ => 0);
        cache.Add("a"u8, 1, _ => 0);
        cache.Add("b"u8, 1, _ => 0);

        Assert.Equal([("b", 2L), ("a", 1L)], Drain(cache));
        Assert.Empty(Drain(cache));
        Assert.Equal(0, cache.DirtyCount);
    }

    [Fact]
    public void A_clean_row_updated_again_becomes_dirty_with_its_new_value()
    {
        var cache = new WriteBackCache();
        cache.Add("a"u8, 1, _ => 0);
        Drain(cache);

        cache.Add("a"u8, 5, _ => throw new InvalidOperationException("a cached row must not be reloaded"));

        Assert.Equal([("a", 6L)], Drain(cache));
    }

    [Fact]
    public void Evicting_keeps_dirty_rows_and_reloads_clean_ones_on_next_use()
    {
        var cache = new WriteBackCache();
        cache.Add("clean"u8, 1, _ => 0);
        Drain(cache);
        cache.Add("dirty"u8, 1, _ => 0);

        cache.EvictClean();

        Assert.Equal(1, cache.Count);
        cache.Add("clean"u8, 1, _ => 7);
        Assert.Equal([("dirty", 1L), ("clean", 8L)], Drain(cache));
    }

    private static List<(string Key, long Value)> Drain(WriteBackCache cache)
    {
        var drained = new List<(string, long)>();
        cache.DrainDirty((key, value) => drained.Add((Encoding.UTF8.GetString(key), value)));
        return drained;
    }
}
