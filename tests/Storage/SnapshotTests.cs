using Xunit;

namespace Kappa.Storage.Tests;

public sealed class SnapshotTests
{
    [Fact]
    public void Reads_through_a_snapshot_ignore_later_writes()
    {
        using var scratch = new ScratchDb();
        scratch.Db.Put(Bytes.Of("a"), Bytes.Of("1"));
        scratch.Db.Put(Bytes.Of("b"), Bytes.Of("1"));
        using var snapshot = scratch.Db.CreateSnapshot();
        using var readOptions = new ReadOptions().SetSnapshot(snapshot);

        scratch.Db.Put(Bytes.Of("a"), Bytes.Of("2"));
        scratch.Db.Remove(Bytes.Of("b"));
        scratch.Db.Put(Bytes.Of("c"), Bytes.Of("2"));

        Assert.Equal("1", Bytes.Text(scratch.Db.Get(Bytes.Of("a"), readOptions: readOptions)));
        Assert.Equal("1", Bytes.Text(scratch.Db.Get(Bytes.Of("b"), readOptions: readOptions)));
        Assert.Null(scratch.Db.Get(Bytes.Of("c"), readOptions: readOptions));
        Assert.Equal("2", Bytes.Text(scratch.Db.Get(Bytes.Of("a"))));
        using var iterator = scratch.Db.NewIterator(readOptions: readOptions);
        Assert.Equal([Bytes.Of("a"), Bytes.Of("b")], IteratorTests.Forward(iterator.SeekToFirst()));
    }

    [Fact]
    public void A_snapshot_survives_flush_and_compaction()
    {
        using var scratch = new ScratchDb();
        scratch.Db.Put(Bytes.Of("a"), Bytes.Of("1"));
        using var snapshot = scratch.Db.CreateSnapshot();
        using var readOptions = new ReadOptions().SetSnapshot(snapshot);

        scratch.Db.Put(Bytes.Of("a"), Bytes.Of("2"));
        scratch.Db.Flush();
        scratch.Db.CompactRange(null, null);

        Assert.Equal("1", Bytes.Text(scratch.Db.Get(Bytes.Of("a"), readOptions: readOptions)));
    }

    [Fact]
    public void Options_keep_a_disposed_snapshot_usable_until_cleared()
    {
        using var scratch = new ScratchDb();
        scratch.Db.Put(Bytes.Of("a"), Bytes.Of("1"));
        using var readOptions = new ReadOptions();
        using (var snapshot = scratch.Db.CreateSnapshot())
        {
            readOptions.SetSnapshot(snapshot);
        }

        scratch.Db.Put(Bytes.Of("a"), Bytes.Of("2"));

        Assert.Equal("1", Bytes.Text(scratch.Db.Get(Bytes.Of("a"), readOptions: readOptions)));
        readOptions.SetSnapshot(null);
        Assert.Equal("2", Bytes.Text(scratch.Db.Get(Bytes.Of("a"), readOptions: readOptions)));
    }

    [Fact]
    public void A_snapshot_of_another_database_is_rejected()
    {
        using var first = new ScratchDb();
        using var second = new ScratchDb();
        using var snapshot = first.Db.CreateSnapshot();
        using var readOptions = new ReadOptions().SetSnapshot(snapshot);

        Assert.Throws<ArgumentException>(() => second.Db.Get(Bytes.Of("k"), readOptions: readOptions));
        Assert.Throws<ArgumentException>(() => second.Db.NewIterator(readOptions: readOptions));
    }

    [Fact]
    public void A_disposed_snapshot_cannot_be_set()
    {
        using var scratch = new ScratchDb();
        var snapshot = scratch.Db.CreateSnapshot();
        snapshot.Dispose();
        using var readOptions = new ReadOptions();

        Assert.Throws<ObjectDisposedException>(() => readOptions.SetSnapshot(snapshot));
    }
}
