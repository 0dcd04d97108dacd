using Xunit;

namespace Kappa.Storage.Tests;

public sealed class WriteBatchTests
{
    [Fact]
    public void Nothing_is_visible_before_write_and_everything_after()
    {
        using var scratch = new ScratchDb(new ColumnFamilies { { "events", null } });
        var events = scratch.Db.GetColumnFamily("events");
        scratch.Db.Put(Bytes.Of("old"), Bytes.Of("x"));
        using var batch = new WriteBatch()
            .Put(Bytes.Of("a"), Bytes.Of("1"))
            .Put(Bytes.Of("e"), Bytes.Of("2"), events)
            .Delete(Bytes.Of("old"));

        Assert.Null(scratch.Db.Get(Bytes.Of("a")));
        Assert.Null(scratch.Db.Get(Bytes.Of("e"), events));
        Assert.NotNull(scratch.Db.Get(Bytes.Of("old")));

        scratch.Db.Write(batch);

        Assert.Equal("1", Bytes.Text(scratch.Db.Get(Bytes.Of("a"))));
        Assert.Equal("2", Bytes.Text(scratch.Db.Get(Bytes.Of("e"), events)));
        Assert.Null(scratch.Db.Get(Bytes.Of("old")));
    }

    [Fact]
    public void Joined_batches_write_every_part_in_order_as_one_batch_and_leave_the_parts_as_they_were()
    {
        using var scratch = new ScratchDb(new ColumnFamilies { { "events", null } });
        var events = scratch.Db.GetColumnFamily("events");
        scratch.Db.Put(Bytes.Of("gone"), Bytes.Of("x"));
        using var first = new WriteBatch().Put(Bytes.Of("k"), Bytes.Of("first"), events).Delete(Bytes.Of("gone"));
        using var empty = new WriteBatch();
        using var second = new WriteBatch().Put(Bytes.Of("k"), Bytes.Of("second"), events).Put(Bytes.Of("a"), new byte[100_000]);

        using var joined = WriteBatch.Concat([first, empty, second]);
        Assert.Equal(4, joined.Count());
        // One header (all an empty batch's encoding is) for the joined batch, not one per part.
        Assert.Equal(first.DataSize() + empty.DataSize() + second.DataSize() - (2 * empty.DataSize()), joined.DataSize());
        scratch.Db.Write(joined);

        Assert.Equal("second", Bytes.Text(scratch.Db.Get(Bytes.Of("k"), events)));
        Assert.Null(scratch.Db.Get(Bytes.Of("gone")));
        Assert.Equal(100_000, scratch.Db.Get(Bytes.Of("a"))!.Length);

        // The other order: the first part's put is now the last.
        using var reversed = WriteBatch.Concat([second, first]);
        scratch.Db.Write(reversed);
        Assert.Equal("first", Bytes.Text(scratch.Db.Get(Bytes.Of("k"), events)));

        Assert.Equal(2, first.Count());
        Assert.Equal(2, second.Count());
        using var nothing = WriteBatch.Concat([]);
        Assert.Equal(0, nothing.Count());
        scratch.Db.Write(nothing);
    }

    [Fact]
    public void Batches_of_two_databases_column_families_are_not_joined()
    {
        using var one = new ScratchDb(new ColumnFamilies { { "events", null } });
        using var other = new ScratchDb(new ColumnFamilies { { "events", null } });
        using var a = new WriteBatch().Put(Bytes.Of("k"), Bytes.Of("1"), one.Db.GetColumnFamily("events"));
        using var b = new WriteBatch().Put(Bytes.Of("k"), Bytes.Of("2"), other.Db.GetColumnFamily("events"));

        Assert.Throws<ArgumentException>(() => WriteBatch.Concat([a, b]));

        // A joined batch keeps its parts' database: it cannot be written to another.
        using var joined = WriteBatch.Concat([a]);
        Assert.Throws<ArgumentException>(() => other.Db.Write(joined));
    }

    [Fact]
    public async Task Concurrent_snapshot_readers_never_see_half_a_batch()
    {
        using var scratch = new ScratchDb(new ColumnFamilies { { "events", null } });
        var events = scratch.Db.GetColumnFamily("events");
        var left = Bytes.Of("left");
        var right = Bytes.Of("right");
        scratch.Db.Put(left, BitConverter.GetBytes(1000));
        scratch.Db.Put(right, BitConverter.GetBytes(0), events);
        const int Transfers = 2000;

        var writer = Task.Run(() =>
        {
            using var batch = new WriteBatch();
            for (var i = 1; i <= Transfers; i++)
            {
                var moved = i % 1000;
                scratch.Db.Write(batch.Clear()
                    .Put(left, BitConverter.GetBytes(1000 - moved))
                    .Put(right, BitConverter.GetBytes(moved), events));
            }
        });

        var reads = 0;
        while (!writer.IsCompleted || reads == 0)
        {
            using var snapshot = scratch.Db.CreateSnapshot();
            using var readOptions = new ReadOptions().SetSnapshot(snapshot);
            var sum = BitConverter.ToInt32(scratch.Db.Get(left, readOptions: readOptions)!)
                + BitConverter.ToInt32(scratch.Db.Get(right, events, readOptions)!);
            Assert.Equal(1000, sum);
            reads++;
        }

        await writer;
    }

    [Fact]
    public void Operations_apply_in_order_and_delete_range_is_half_open()
    {
        using var scratch = new ScratchDb();
        foreach (var key in new[] { "a", "b", "c", "d" })
        {
            scratch.Db.Put(Bytes.Of(key), Bytes.Of(key));
        }

        using var batch = new WriteBatch()
            .DeleteRange(Bytes.Of("b"), Bytes.Of("d"))
            .Put(Bytes.Of("x"), Bytes.Of("1"))
            .Delete(Bytes.Of("x"))
            .Put(Bytes.Of("y"), Bytes.Of("1"))
            .Put(Bytes.Of("y"), Bytes.Of("2"));
        scratch.Db.Write(batch);

        Assert.NotNull(scratch.Db.Get(Bytes.Of("a")));
        Assert.Null(scratch.Db.Get(Bytes.Of("b")));
        Assert.Null(scratch.Db.Get(Bytes.Of("c")));
        Assert.NotNull(scratch.Db.Get(Bytes.Of("d")));
        Assert.Null(scratch.Db.Get(Bytes.Of("x")));
        Assert.Equal("2", Bytes.Text(scratch.Db.Get(Bytes.Of("y"))));
    }

    [Fact]
    public void Delete_range_in_a_column_family_leaves_other_families_alone()
    {
        using var scratch = new ScratchDb(new ColumnFamilies { { "events", null } });
        var events = scratch.Db.GetColumnFamily("events");
        scratch.Db.Put(Bytes.Of("k"), Bytes.Of("default"));
        scratch.Db.Put(Bytes.Of("k"), Bytes.Of("events"), events);

        using var batch = new WriteBatch().DeleteRange(Bytes.Of("a"), Bytes.Of("z"), events).Delete(Bytes.Of("none"), events);
        scratch.Db.Write(batch);

        Assert.Null(scratch.Db.Get(Bytes.Of("k"), events));
        Assert.Equal("default", Bytes.Text(scratch.Db.Get(Bytes.Of("k"))));
    }

    [Fact]
    public void Count_and_clear_track_the_operations()
    {
        using var batch = new WriteBatch();
        Assert.Equal(0, batch.Count());

        batch.Put(Bytes.Of("a"), Bytes.Of("1")).Delete(Bytes.Of("b")).DeleteRange(Bytes.Of("c"), Bytes.Of("d"));
        Assert.Equal(3, batch.Count());

        batch.Clear();
        Assert.Equal(0, batch.Count());
    }

    [Fact]
    public void Data_size_grows_with_the_operations_and_a_cleared_batch_writes_only_what_follows()
    {
        using var scratch = new ScratchDb();
        using var batch = new WriteBatch();
        var empty = batch.DataSize();

        batch.Put(Bytes.Of("a"), new byte[1_000]).Put(Bytes.Of("b"), Bytes.Of("1"));
        Assert.InRange(batch.DataSize() - empty, 1_004, 1_020);
        scratch.Db.Write(batch);

        batch.Clear();
        Assert.Equal(empty, batch.DataSize());
        batch.Put(Bytes.Of("c"), Bytes.Of("3")).Delete(Bytes.Of("a"));
        scratch.Db.Write(batch);

        Assert.Null(scratch.Db.Get(Bytes.Of("a")));
        Assert.Equal("1", Bytes.Text(scratch.Db.Get(Bytes.Of("b"))));
        Assert.Equal("3", Bytes.Text(scratch.Db.Get(Bytes.Of("c"))));
    }

    [Fact]
    public void Column_families_of_two_databases_cannot_share_a_batch()
    {
        using var first = new ScratchDb(new ColumnFamilies { { "events", null } });
        using var second = new ScratchDb(new ColumnFamilies { { "events", null } });
        using var batch = new WriteBatch().Put(Bytes.Of("k"), Bytes.Of("v"), first.Db.GetColumnFamily("events"));

        Assert.Throws<ArgumentException>(() => batch.Put(Bytes.Of("k"), Bytes.Of("v"), second.Db.GetColumnFamily("events")));
        Assert.Throws<ArgumentException>(() => second.Db.Write(batch));

        batch.Clear().Put(Bytes.Of("k"), Bytes.Of("v"), second.Db.GetColumnFamily("events"));
        second.Db.Write(batch);
        Assert.Equal("v", Bytes.Text(second.Db.Get(Bytes.Of("k"), second.Db.GetColumnFamily("events"))));
    }
}
