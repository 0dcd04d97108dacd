using Kappa.TestKit;
using Xunit;

namespace Kappa.Storage.Tests;

/// <summary>
/// Repeated use must return every native resource: open file descriptors stay flat, and the LOCK is free the moment
/// the last object is disposed (each cycle reopens at once, which RocksDB refuses while the LOCK is held).
/// </summary>
/// <remarks>
/// A full open/close costs RocksDB 10-40 ms here (options dump, WAL recovery flush, fsyncs), so the default cycle
/// count keeps the suite fast; a soak run (KAPPA_SOAK=1) does 3000. The child-object churn is
/// cheap and always runs thousands of times.
/// </remarks>
[Collection(ProcessWideTests.Name)]
public sealed class LeakTests
{
    private const int WarmUp = 20;
    private const int DefaultOpenCloseCycles = 300;
    private const int ChildCycles = 3000;
    private const int ColumnFamilyCycles = 50;

    // The runtime may open a few descriptors of its own; a leak adds at least one per cycle, hundreds in total.
    private const int DescriptorSlack = 8;

    private static int OpenCloseCycles => Soak.Choose(DefaultOpenCloseCycles, 3000);

    [Fact]
    public void Repeated_open_close_with_batch_iterator_snapshot_and_column_family_leaks_nothing()
    {
        using var dir = new TempDirectory("rocksdb-leak");
        var path = dir.Combine("db");
        using var options = ScratchDb.NewOptions();
        for (var i = 0; i < WarmUp; i++)
        {
            OpenUseClose(options, path, i);
        }

        var baseline = OpenDescriptors();
        for (var i = 0; i < OpenCloseCycles; i++)
        {
            OpenUseClose(options, path, i);
        }

        Assert.InRange(OpenDescriptors(), 0, baseline + DescriptorSlack);
    }

    [Fact]
    public void Churning_child_objects_on_one_database_leaks_nothing()
    {
        using var scratch = new ScratchDb(new ColumnFamilies { { "events", null } });
        var events = scratch.Db.GetColumnFamily("events");
        for (var i = 0; i < WarmUp; i++)
        {
            UseChildren(scratch.Db, events, i);
        }

        var baseline = OpenDescriptors();
        for (var i = 0; i < ChildCycles; i++)
        {
            UseChildren(scratch.Db, events, i);
        }

        for (var i = 0; i < ColumnFamilyCycles; i++)
        {
            using var cfOptions = new ColumnFamilyOptions();
            var temporary = scratch.Db.CreateColumnFamily(cfOptions, "temporary");
            scratch.Db.Put(Bytes.Of("k"), Bytes.Of("v"), temporary);
            scratch.Db.DropColumnFamily("temporary");
        }

        Assert.InRange(OpenDescriptors(), 0, baseline + DescriptorSlack);
        scratch.Reopen(new ColumnFamilies { { "events", null } });
    }

    private static void OpenUseClose(DbOptions options, string path, int cycle)
    {
        var db = RocksDb.Open(options, path, new ColumnFamilies { { "events", null } });
        var events = db.GetColumnFamily("events");

        // One key for every cycle, so the SSTs each reopen flushes overlap and compaction merges them.
        var key = Bytes.Of("key");
        using (var batch = new WriteBatch())
        {
            batch.Put(key, BitConverter.GetBytes(cycle), events).Put(key, BitConverter.GetBytes(cycle));
            db.Write(batch);
        }

        var snapshot = db.CreateSnapshot();
        var readOptions = new ReadOptions().SetSnapshot(snapshot).SetPrefixBounds(key);
        var iterator = db.NewIterator(events, readOptions);
        iterator.SeekToFirst();
        Assert.True(iterator.Valid());
        Assert.Equal(cycle, BitConverter.ToInt32(iterator.Value()));

        // Alternate the disposal order: every other cycle the database goes first and its close is deferred.
        if (cycle % 2 == 0)
        {
            iterator.Dispose();
            readOptions.Dispose();
            snapshot.Dispose();
            db.Dispose();
        }
        else
        {
            db.Dispose();
            iterator.Dispose();
            snapshot.Dispose();
            readOptions.Dispose();
        }
    }

    private static void UseChildren(RocksDb db, ColumnFamilyHandle events, int cycle)
    {
        var key = BitConverter.GetBytes(cycle % 64);
        using (var batch = new WriteBatch())
        {
            db.Write(batch.Put(key, key, events).Delete(key).DeleteRange(key, Bytes.Of("z")));
        }

        using var snapshot = db.CreateSnapshot();
        using var readOptions = new ReadOptions().SetSnapshot(snapshot).SetPrefixBounds(key);
        using (var iterator = db.NewIterator(events, readOptions))
        {
            Assert.True(iterator.SeekToLast().Valid());
        }

        using var checkpoint = db.Checkpoint();
        Assert.NotNull(db.Get(key, events, readOptions));
    }

    private static int OpenDescriptors() => Directory.GetFileSystemEntries("/proc/self/fd").Length;
}
