using Xunit;

namespace Kappa.Storage.Tests;

public sealed class IteratorTests
{
    // Bytewise order: a shorter key sorts before its extensions, 0x00 and 0xFF are ordinary bytes.
    private static readonly byte[][] SortedKeys =
    [
        [],
        [0x00],
        [0x00, 0x00],
        [0x01],
        [0x01, 0xFF],
        [0x02],
        [0x7F],
        [0x80],
        [0xFF],
        [0xFF, 0x00],
        [0xFF, 0xFF, 0xFF],
    ];

    [Fact]
    public void Iterates_in_bytewise_order_whatever_the_insertion_order()
    {
        using var scratch = WithKeys(SortedKeys.Reverse());
        using var iterator = scratch.Db.NewIterator();

        Assert.Equal(SortedKeys, Forward(iterator.SeekToFirst()));
    }

    [Fact]
    public void Iterates_in_reverse_from_the_last_key()
    {
        using var scratch = WithKeys(SortedKeys);
        using var iterator = scratch.Db.NewIterator();

        Assert.Equal(SortedKeys.Reverse(), Backward(iterator.SeekToLast()));
    }

    [Fact]
    public void Seek_lands_on_the_first_key_at_or_after_the_target()
    {
        using var scratch = WithKeys(["b", "d", "f"]);
        using var iterator = scratch.Db.NewIterator();

        Assert.Equal("d", Bytes.Text(iterator.Seek(Bytes.Of("d")).Key()));
        Assert.Equal("f", Bytes.Text(iterator.Seek(Bytes.Of("e")).Key()));
        Assert.Equal("b", Bytes.Text(iterator.Seek(Bytes.Of("a")).Key()));
        Assert.False(iterator.Seek(Bytes.Of("g")).Valid());
    }

    [Fact]
    public void Seek_for_prev_lands_on_the_last_key_at_or_before_the_target()
    {
        using var scratch = WithKeys(["b", "d", "f"]);
        using var iterator = scratch.Db.NewIterator();

        Assert.Equal("d", Bytes.Text(iterator.SeekForPrev(Bytes.Of("d")).Key()));
        Assert.Equal("d", Bytes.Text(iterator.SeekForPrev(Bytes.Of("e")).Key()));
        Assert.Equal("f", Bytes.Text(iterator.SeekForPrev(Bytes.Of("z")).Key()));
        Assert.False(iterator.SeekForPrev(Bytes.Of("a")).Valid());
    }

    [Fact]
    public void Next_and_prev_change_direction_midway()
    {
        using var scratch = WithKeys(["a", "b", "c"]);
        using var iterator = scratch.Db.NewIterator();

        iterator.Seek(Bytes.Of("b")).Next();
        Assert.Equal("c", Bytes.Text(iterator.Key()));
        iterator.Prev().Prev();
        Assert.Equal("a", Bytes.Text(iterator.Key()));
        Assert.False(iterator.Prev().Valid());
    }

    [Fact]
    public void Key_and_value_views_match_the_copies()
    {
        using var scratch = new ScratchDb();
        scratch.Db.Put(Bytes.Of("key"), Bytes.Of("value"));
        using var iterator = scratch.Db.NewIterator().SeekToFirst();

        Assert.Equal(iterator.GetKeyArray(), iterator.Key().ToArray());
        Assert.Equal("value", Bytes.Text(iterator.GetValueArray()));
        Assert.Equal("value", Bytes.Text(iterator.Value()));
    }

    [Fact]
    public void An_entry_is_the_key_and_the_value_of_the_current_position()
    {
        using var scratch = new ScratchDb();
        scratch.Db.Put(Bytes.Of("a"), Bytes.Of("first"));
        scratch.Db.Put(Bytes.Of("b"), Bytes.Of(""));
        using var iterator = scratch.Db.NewIterator().SeekToFirst();

        var entries = new List<(string, string)>();
        for (; iterator.Valid(); iterator.Next())
        {
            var key = iterator.Entry(out var value);
            Assert.Equal((Bytes.Text(iterator.Key()), Bytes.Text(iterator.Value())), (Bytes.Text(key), Bytes.Text(value)));
            entries.Add((Bytes.Text(key), Bytes.Text(value)));
        }

        Assert.Equal([("a", "first"), ("b", "")], entries);
        Assert.Throws<InvalidOperationException>(() => iterator.Entry(out _).Length);
    }

    [Fact]
    public void An_iterator_sees_the_database_as_of_its_creation()
    {
        using var scratch = WithKeys(["a"]);
        using var iterator = scratch.Db.NewIterator();

        scratch.Db.Put(Bytes.Of("b"), Bytes.Of("b"));
        scratch.Db.Remove(Bytes.Of("a"));

        Assert.Equal([Bytes.Of("a")], Forward(iterator.SeekToFirst()));
    }

    [Fact]
    public void An_unpositioned_iterator_refuses_to_move_or_read()
    {
        using var scratch = WithKeys(["a"]);
        using var iterator = scratch.Db.NewIterator();

        Assert.False(iterator.Valid());
        Assert.Throws<InvalidOperationException>(() => iterator.Next());
        Assert.Throws<InvalidOperationException>(() => iterator.Prev());
        Assert.Throws<InvalidOperationException>(() => iterator.Key().Length);
        Assert.Throws<InvalidOperationException>(() => iterator.GetValueArray());

        iterator.SeekToFirst().Next();
        Assert.False(iterator.Valid());
        Assert.Throws<InvalidOperationException>(() => iterator.Next());
    }

    [Fact]
    public void An_empty_database_yields_nothing()
    {
        using var scratch = new ScratchDb();
        using var iterator = scratch.Db.NewIterator();

        Assert.False(iterator.SeekToFirst().Valid());
        Assert.False(iterator.SeekToLast().Valid());
    }

    internal static ScratchDb WithKeys(IEnumerable<string> keys) => WithKeys(keys.Select(Bytes.Of));

    internal static ScratchDb WithKeys(IEnumerable<byte[]> keys)
    {
        var scratch = new ScratchDb();
        foreach (var key in keys)
        {
            scratch.Db.Put(key, key);
        }

        return scratch;
    }

    internal static List<byte[]> Forward(Iterator iterator)
    {
        var keys = new List<byte[]>();
        for (; iterator.Valid(); iterator.Next())
        {
            keys.Add(iterator.GetKeyArray());
        }

        return keys;
    }

    internal static List<byte[]> Backward(Iterator iterator)
    {
        var keys = new List<byte[]>();
        for (; iterator.Valid(); iterator.Prev())
        {
            keys.Add(iterator.GetKeyArray());
        }

        return keys;
    }
}
