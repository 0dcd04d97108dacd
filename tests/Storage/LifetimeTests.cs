using System.Runtime.CompilerServices;
using Xunit;

namespace Kappa.Storage.Tests;

/// <summary>
/// Native lifetimes: dependent objects keep the database open, so no disposal order can crash the process, and the
/// database closes (freeing its LOCK) exactly when the last of them is gone.
/// </summary>
public sealed class LifetimeTests
{
    [Fact]
    public void Disposing_the_database_before_an_iterator_keeps_the_iterator_working()
    {
        using var scratch = new ScratchDb();
        scratch.Db.Put(Bytes.Of("a"), Bytes.Of("1"));
        scratch.Db.Put(Bytes.Of("b"), Bytes.Of("2"));
        var iterator = scratch.Db.NewIterator();

        scratch.Db.Dispose();

        Assert.True(iterator.SeekToFirst().Valid());
        Assert.Equal("a", Bytes.Text(iterator.Key()));
        Assert.True(iterator.Next().Valid());
        Assert.Equal("2", Bytes.Text(iterator.Value()));
        iterator.Dispose();
        Assert.Throws<ObjectDisposedException>(() => iterator.Next());
    }

    [Fact]
    public void The_database_closes_when_the_last_dependent_is_disposed()
    {
        using var scratch = new ScratchDb(new ColumnFamilies { { "events", null } });
        var events = scratch.Db.GetColumnFamily("events");
        var iterator = scratch.Db.NewIterator(events);
        var snapshot = scratch.Db.CreateSnapshot();
        var checkpoint = scratch.Db.Checkpoint();

        scratch.Db.Dispose();

        AssertLocked(scratch);
        iterator.Dispose();
        AssertLocked(scratch);
        snapshot.Dispose();
        AssertLocked(scratch);
        checkpoint.Dispose();
        scratch.Reopen(new ColumnFamilies { { "events", null } });
    }

    [Fact]
    public void Read_options_holding_a_snapshot_keep_the_database_open_until_disposed()
    {
        using var scratch = new ScratchDb();
        var readOptions = new ReadOptions();
        using (var snapshot = scratch.Db.CreateSnapshot())
        {
            readOptions.SetSnapshot(snapshot);
        }

        scratch.Db.Dispose();

        AssertLocked(scratch);
        readOptions.Dispose();
        scratch.Reopen();
    }

    [Fact]
    public void Finalizers_release_abandoned_children_and_then_the_database()
    {
        using var scratch = new ScratchDb();
        scratch.Db.Put(Bytes.Of("k"), Bytes.Of("v"));
        AbandonChildren(scratch.Db);

        scratch.Db.Dispose();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.Equal("v", Bytes.Text(scratch.Reopen().Get(Bytes.Of("k"))));
    }

    [Fact]
    public void Using_disposed_objects_throws_object_disposed()
    {
        using var scratch = new ScratchDb(new ColumnFamilies { { "events", null } });
        var db = scratch.Db;
        var events = db.GetColumnFamily("events");
        var batch = new WriteBatch();
        var readOptions = new ReadOptions();
        var iterator = db.NewIterator();
        batch.Dispose();
        readOptions.Dispose();
        iterator.Dispose();
        db.Dispose();

        Assert.Throws<ObjectDisposedException>(() => db.Get(Bytes.Of("k")));
        Assert.Throws<ObjectDisposedException>(() => db.Put(Bytes.Of("k"), Bytes.Of("v")));
        Assert.Throws<ObjectDisposedException>(() => db.NewIterator());
        Assert.Throws<ObjectDisposedException>(() => db.CreateSnapshot());
        Assert.Throws<ObjectDisposedException>(() => db.GetColumnFamily("events"));
        Assert.Throws<ObjectDisposedException>(() => batch.Put(Bytes.Of("k"), Bytes.Of("v")));
        Assert.Throws<ObjectDisposedException>(() => readOptions.SetFillCache(false));
        Assert.Throws<ObjectDisposedException>(() => iterator.Valid());
        using var other = new WriteBatch();
        Assert.Throws<ObjectDisposedException>(() => other.Put(Bytes.Of("k"), Bytes.Of("v"), events));
    }

    [Fact]
    public void Dispose_is_idempotent()
    {
        using var scratch = new ScratchDb();
        var iterator = scratch.Db.NewIterator();
        var snapshot = scratch.Db.CreateSnapshot();

        iterator.Dispose();
        iterator.Dispose();
        snapshot.Dispose();
        snapshot.Dispose();
        scratch.Db.Dispose();
        scratch.Db.Dispose();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AbandonChildren(RocksDb db)
    {
        var iterator = db.NewIterator();
        iterator.SeekToFirst();
        _ = db.CreateSnapshot();
        _ = db.Checkpoint();
        _ = new ReadOptions().SetPrefixBounds(Bytes.Of("k"));
    }

    private static void AssertLocked(ScratchDb scratch)
    {
        var error = Assert.Throws<RocksDbException>(() => RocksDb.Open(scratch.Options, scratch.Path));
        Assert.Contains("lock", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
