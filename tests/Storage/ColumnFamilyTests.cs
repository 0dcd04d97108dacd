using Xunit;

namespace Kappa.Storage.Tests;

public sealed class ColumnFamilyTests
{
    [Fact]
    public void Column_families_are_separate_key_spaces()
    {
        using var scratch = new ScratchDb();
        using var options = new ColumnFamilyOptions();
        var events = scratch.Db.CreateColumnFamily(options, "events");

        scratch.Db.Put(Bytes.Of("k"), Bytes.Of("default"));
        scratch.Db.Put(Bytes.Of("k"), Bytes.Of("events"), events);
        scratch.Db.Put(Bytes.Of("only-events"), Bytes.Of("x"), events);

        Assert.Equal("default", Bytes.Text(scratch.Db.Get(Bytes.Of("k"))));
        Assert.Equal("events", Bytes.Text(scratch.Db.Get(Bytes.Of("k"), events)));
        Assert.Null(scratch.Db.Get(Bytes.Of("only-events")));
        using var iterator = scratch.Db.NewIterator(events);
        Assert.Equal(2, IteratorTests.Forward(iterator.SeekToFirst()).Count);
    }

    [Fact]
    public void Created_column_families_reopen_with_their_data()
    {
        using var scratch = new ScratchDb();
        using (var options = new ColumnFamilyOptions())
        {
            scratch.Db.Put(Bytes.Of("k"), Bytes.Of("v"), scratch.Db.CreateColumnFamily(options, "events"));
        }

        scratch.Db.Dispose();
        var names = RocksDb.ListColumnFamilies(scratch.Options, scratch.Path);
        var families = new ColumnFamilies();
        foreach (var name in names)
        {
            families.Add(name, null);
        }

        var db = scratch.Reopen(families);

        Assert.Equal(["default", "events"], names);
        Assert.Equal("v", Bytes.Text(db.Get(Bytes.Of("k"), db.GetColumnFamily("events"))));
        Assert.Equal("default", db.GetColumnFamily(ColumnFamilies.DefaultName).Name);
    }

    [Fact]
    public void Opening_without_listing_every_column_family_fails()
    {
        using var scratch = new ScratchDb(new ColumnFamilies { { "events", null } });
        scratch.Db.Dispose();

        Assert.Throws<RocksDbException>(() => scratch.Reopen());
    }

    [Fact]
    public void Dropped_column_families_disappear_and_their_handles_are_released()
    {
        using var scratch = new ScratchDb(new ColumnFamilies { { "events", null }, { "audit", null } });
        var events = scratch.Db.GetColumnFamily("events");

        scratch.Db.DropColumnFamily("events");

        Assert.False(scratch.Db.TryGetColumnFamily("events", out _));
        Assert.Throws<KeyNotFoundException>(() => scratch.Db.GetColumnFamily("events"));
        Assert.Throws<ObjectDisposedException>(() => scratch.Db.Put(Bytes.Of("k"), Bytes.Of("v"), events));
        scratch.Db.Dispose();
        Assert.Equal(["default", "audit"], RocksDb.ListColumnFamilies(scratch.Options, scratch.Path));
    }

    [Fact]
    public void An_iterator_on_a_dropped_column_family_keeps_reading()
    {
        using var scratch = new ScratchDb(new ColumnFamilies { { "events", null } });
        var events = scratch.Db.GetColumnFamily("events");
        scratch.Db.Put(Bytes.Of("k"), Bytes.Of("v"), events);
        using var iterator = scratch.Db.NewIterator(events);

        scratch.Db.DropColumnFamily("events");

        Assert.Equal("v", Bytes.Text(iterator.SeekToFirst().Value()));
    }

    [Fact]
    public void Column_family_errors_carry_rocksdb_messages()
    {
        using var scratch = new ScratchDb(new ColumnFamilies { { "events", null } });
        using var options = new ColumnFamilyOptions();

        Assert.Throws<RocksDbException>(() => scratch.Db.CreateColumnFamily(options, "events"));
        Assert.Throws<RocksDbException>(() => scratch.Db.DropColumnFamily(ColumnFamilies.DefaultName));
        Assert.Throws<KeyNotFoundException>(() => scratch.Db.DropColumnFamily("absent"));
        Assert.NotNull(scratch.Db.GetColumnFamily("events"));
    }

    [Fact]
    public void Handles_of_another_database_are_rejected()
    {
        using var first = new ScratchDb(new ColumnFamilies { { "events", null } });
        using var second = new ScratchDb(new ColumnFamilies { { "events", null } });
        var foreign = first.Db.GetColumnFamily("events");

        Assert.Throws<ArgumentException>(() => second.Db.Put(Bytes.Of("k"), Bytes.Of("v"), foreign));
        Assert.Throws<ArgumentException>(() => second.Db.Get(Bytes.Of("k"), foreign));
        Assert.Throws<ArgumentException>(() => second.Db.NewIterator(foreign));
    }

    [Fact]
    public void Each_column_family_can_have_its_own_options()
    {
        using var dir = new Kappa.TestKit.TempDirectory("rocksdb");
        using var dbOptions = ScratchDb.NewOptions();
        using var small = new ColumnFamilyOptions().SetWriteBufferSize(1 << 20).SetCompression(Compression.None);
        var families = new ColumnFamilies(small) { { "events", small }, { "audit", null } };

        using var db = RocksDb.Open(dbOptions, dir.Combine("db"), families);

        Assert.Equal(3, families.Count);
        Assert.Equal(["default", "events", "audit"], families.Select(f => f.Name));
        db.Put(Bytes.Of("k"), Bytes.Of("v"), db.GetColumnFamily("audit"));
        Assert.Equal("v", Bytes.Text(db.Get(Bytes.Of("k"), db.GetColumnFamily("audit"))));
    }

    [Fact]
    public void Listing_a_column_family_twice_is_rejected()
    {
        var families = new ColumnFamilies { { "events", null } };

        Assert.Throws<ArgumentException>(() => families.Add("events", null));
        Assert.Throws<ArgumentException>(() => families.Add("", null));
    }
}
