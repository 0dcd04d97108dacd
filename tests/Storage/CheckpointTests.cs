using Xunit;

namespace Kappa.Storage.Tests;

public sealed class CheckpointTests
{
    [Fact]
    public void A_checkpoint_opens_as_a_database_with_the_content_at_that_moment()
    {
        using var scratch = new ScratchDb(new ColumnFamilies { { "events", null } });
        var events = scratch.Db.GetColumnFamily("events");
        scratch.Db.Put(Bytes.Of("a"), Bytes.Of("1"));
        scratch.Db.Put(Bytes.Of("e"), Bytes.Of("2"), events);
        scratch.Db.Flush();
        scratch.Db.Put(Bytes.Of("unflushed"), Bytes.Of("3"));
        var target = scratch.Directory.Combine("checkpoint");

        using (var checkpoint = scratch.Db.Checkpoint())
        {
            checkpoint.Save(target);
        }

        scratch.Db.Put(Bytes.Of("later"), Bytes.Of("4"));
        var families = new ColumnFamilies();
        foreach (var name in RocksDb.ListColumnFamilies(scratch.Options, target))
        {
            families.Add(name, null);
        }

        using var copy = RocksDb.Open(scratch.Options, target, families);
        Assert.Equal("1", Bytes.Text(copy.Get(Bytes.Of("a"))));
        Assert.Equal("2", Bytes.Text(copy.Get(Bytes.Of("e"), copy.GetColumnFamily("events"))));
        Assert.Equal("3", Bytes.Text(copy.Get(Bytes.Of("unflushed"))));
        Assert.Null(copy.Get(Bytes.Of("later")));
    }

    [Fact]
    public void Saving_into_an_existing_directory_raises_rocksdb_message()
    {
        using var scratch = new ScratchDb();
        using var checkpoint = scratch.Db.Checkpoint();

        var error = Assert.Throws<RocksDbException>(() => checkpoint.Save(scratch.Directory.Path));

        Assert.Contains("exists", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
