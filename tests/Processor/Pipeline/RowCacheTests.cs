using System.Text;
using Kappa.Processor.Pipeline;
using Kappa.Processor.Windows;
using Kappa.Storage;
using Xunit;

namespace Kappa.Processor.Tests.Pipeline;

public sealed class RowCacheTests
{
    [Fact]
    public void A_row_added_is_found_by_its_key_with_the_key_array_it_keeps()
    {
        var cache = new RowCache();
        var row = Row(1);

        var kept = cache.Add(Key("a"), row);

        Assert.True(cache.TryGet(Key("a"), out var key, out var found));
        Assert.Same(row, found);
        Assert.Same(kept, key);
        Assert.Equal(Key("a"), kept);
        Assert.False(cache.TryGet(Key("b"), out _));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void A_hash_known_ahead_finds_and_adds_as_the_key_does_and_a_wrong_one_is_refused()
    {
        var cache = new RowCache();
        var row = Row(1);
        var hash = RowCache.HashOf(Key("a"));

        Assert.False(cache.TryGet(Key("a"), hash, out _, out _));
        Assert.Throws<ArgumentException>(() => cache.Add(Key("a"), hash + 1, row));
        Assert.Equal(0, cache.Count);

        var kept = cache.Add(Key("a"), hash, row);
        Assert.True(cache.TryGet(Key("a"), out var key, out var found));
        Assert.Same(kept, key);
        Assert.Same(row, found);
        Assert.True(cache.TryGet(Key("a"), hash, out _, out found));
        Assert.Same(row, found);
    }

    [Fact]
    public void Adds_removes_and_retirements_in_any_order_leave_what_a_dictionary_would()
    {
        var random = new Random(7);
        var cache = new RowCache();
        var model = new Dictionary<byte[], RowState>(ByteArrayComparer.Instance);
        for (var step = 0; step < 100_000; step++)
        {
            var key = Key($"k{random.Next(10_000)}");
            if (model.Remove(key))
            {
                if (random.Next(2) == 0)
                {
                    cache.Remove(key);
                }
                else
                {
                    Assert.True(cache.TryGet(key, out var retired));
                    cache.Retire(key, retired);
                    Assert.True(retired.Retired);
                }
            }
            else
            {
                var row = Row(step);
                model.Add(key, row);
                cache.Add(key, row);
            }
        }

        Assert.Equal(model.Count, cache.Count);
        for (var k = 0; k < 10_000; k++)
        {
            var key = Key($"k{k}");
            Assert.Equal(model.TryGetValue(key, out var expected), cache.TryGet(key, out var actual));
            Assert.Same(expected, actual);
        }
    }

    [Fact]
    public void Evictions_clears_and_prefetches_among_the_other_operations_leave_what_a_dictionary_would()
    {
        var random = new Random(11);
        for (var round = 0; round < 5; round++)
        {
            var cache = new RowCache();
            var model = new Dictionary<byte[], RowState>(ByteArrayComparer.Instance);
            var keys = random.Next(100, 40_000);
            for (var step = 0; step < 50_000; step++)
            {
                var key = Key($"k{random.Next(keys)}");
                cache.PrefetchSlot(RowCache.HashOf(key));
                cache.PrefetchRow(RowCache.HashOf(key));
                var operation = random.Next(100);
                if (operation == 0)
                {
                    cache.EvictClean();
                    foreach (var clean in model.Where(entry => !entry.Value.Dirty).Select(entry => entry.Key).ToList())
                    {
                        model.Remove(clean);
                    }
                }
                else if (operation == 1)
                {
                    cache.ClearDirty();
                }
                else if (model.TryGetValue(key, out var existing))
                {
                    Assert.True(cache.TryGet(key, out var kept, out var found));
                    Assert.Same(existing, found);
                    Assert.Equal(key, kept);
                    if (random.Next(3) == 0)
                    {
                        model.Remove(key);
                        cache.Remove(key);
                    }
                    else if (random.Next(3) == 0)
                    {
                        model.Remove(key);
                        cache.Retire(key, found);
                    }
                    else
                    {
                        cache.MarkDirty(kept, found);
                    }
                }
                else
                {
                    Assert.False(cache.TryGet(key, out _));
                    var row = Row(step);
                    model.Add(key, row);
                    var kept = cache.Add(key, row);
                    if (random.Next(2) == 0)
                    {
                        cache.MarkDirty(kept, row);
                    }
                }

                Assert.Equal(model.Count, cache.Count);
            }

            foreach (var (key, row) in model)
            {
                Assert.True(cache.TryGet(key, out var found));
                Assert.Same(row, found);
            }
        }
    }

    [Fact]
    public void Dirty_rows_are_listed_once_in_the_order_they_first_changed_until_cleared()
    {
        var cache = new RowCache();
        var first = Row(1);
        var second = Row(2);
        var firstKey = cache.Add(Key("first"), first);
        var secondKey = cache.Add(Key("second"), second);

        cache.MarkDirty(secondKey, second);
        cache.MarkDirty(firstKey, first);
        cache.MarkDirty(secondKey, second);

        Assert.Equal([second, first], cache.Dirty.Select(d => d.Row));
        cache.ClearDirty();
        Assert.Empty(cache.Dirty);
        Assert.False(first.Dirty || second.Dirty);
    }

    [Fact]
    public void Evicting_keeps_the_dirty_rows_only_and_forgets_that_it_held_every_stored_row()
    {
        var cache = new RowCache { HoldsEveryStoredRow = true };
        for (var i = 0; i < 5_000; i++)
        {
            var row = Row(i);
            var key = cache.Add(Key($"k{i}"), row);
            if (i % 3 == 0)
            {
                cache.MarkDirty(key, row);
            }
        }

        cache.EvictClean();

        Assert.False(cache.HoldsEveryStoredRow);
        Assert.Equal(1_667, cache.Count);
        for (var i = 0; i < 5_000; i++)
        {
            Assert.Equal(i % 3 == 0, cache.TryGet(Key($"k{i}"), out _));
        }
    }

    [Fact]
    public void A_retired_dirty_row_leaves_the_dirty_rows()
    {
        var cache = new RowCache();
        var kept = Row(1);
        var retired = Row(2);
        cache.MarkDirty(cache.Add(Key("kept"), kept), kept);
        cache.MarkDirty(cache.Add(Key("retired"), retired), retired);

        cache.Retire(Key("retired"), retired);

        Assert.Equal(2, cache.DirtyCount);
        Assert.Equal([kept], cache.Dirty.Select(d => d.Row));
        Assert.False(cache.TryGet(Key("retired"), out _));
    }

    private static byte[] Key(string key) => Encoding.UTF8.GetBytes(key);

    private static RowState Row(long start) => new(new Window(start, start + 1), []);
}
