using System.Buffers;
using Kappa.TestKit;
using Xunit;

namespace Kappa.Storage.Tests;

public sealed class RocksDbTests
{
    [Fact]
    public void Put_then_get_round_trips_spans()
    {
        using var scratch = new ScratchDb();
        ReadOnlySpan<byte> key = [1, 2, 3];
        ReadOnlySpan<byte> value = [0, 255, 7];

        scratch.Db.Put(key, value);

        Assert.Equal(value.ToArray(), scratch.Db.Get(key));
    }

    [Fact]
    public void Put_then_get_round_trips_arrays_and_empty_values()
    {
        using var scratch = new ScratchDb();

        scratch.Db.Put(Bytes.Of("k"), Bytes.Of("v"));
        scratch.Db.Put(Bytes.Of("empty"), []);

        Assert.Equal("v", Bytes.Text(scratch.Db.Get(Bytes.Of("k"))));
        var empty = scratch.Db.Get(Bytes.Of("empty"));
        Assert.NotNull(empty);
        Assert.Empty(empty);
        Assert.Null(scratch.Db.Get(Bytes.Of("missing")));
    }

    [Fact]
    public void Put_overwrites_and_remove_deletes()
    {
        using var scratch = new ScratchDb();
        var key = Bytes.Of("k");

        scratch.Db.Put(key, Bytes.Of("1"));
        scratch.Db.Put(key, Bytes.Of("2"));
        Assert.Equal("2", Bytes.Text(scratch.Db.Get(key)));

        scratch.Db.Remove(key);
        Assert.Null(scratch.Db.Get(key));
        scratch.Db.Remove(key);
    }

    [Fact]
    public void Large_values_round_trip()
    {
        using var scratch = new ScratchDb();
        var value = new byte[3 << 20];
        Random.Shared.NextBytes(value);

        scratch.Db.Put(Bytes.Of("big"), value);
        scratch.Db.Flush();

        Assert.Equal(value, scratch.Db.Get(Bytes.Of("big")));
    }

    [Fact]
    public void TryGet_writes_the_value_into_a_buffer_writer()
    {
        using var scratch = new ScratchDb();
        scratch.Db.Put(Bytes.Of("k"), Bytes.Of("value"));
        var writer = new ArrayBufferWriter<byte>();

        Assert.True(scratch.Db.TryGet(Bytes.Of("k"), writer));
        Assert.False(scratch.Db.TryGet(Bytes.Of("missing"), writer));

        Assert.Equal("value", Bytes.Text(writer.WrittenSpan));
    }

    [Fact]
    public void TryRead_hands_the_pinned_value_to_the_reader()
    {
        using var scratch = new ScratchDb();
        scratch.Db.Put(Bytes.Of("k"), [10, 20, 30]);
        var sum = 0;

        var found = scratch.Db.TryRead(Bytes.Of("k"), 2, (value, factor) => sum = value[0] * factor + value[1] + value[2]);
        var missing = scratch.Db.TryRead(Bytes.Of("missing"), 0, (_, _) => throw new InvalidOperationException());

        Assert.True(found);
        Assert.False(missing);
        Assert.Equal(70, sum);
    }

    [Fact]
    public void Data_survives_reopen()
    {
        using var scratch = new ScratchDb();
        scratch.Db.Put(Bytes.Of("k"), Bytes.Of("v"), writeOptions: null);

        var db = scratch.Reopen();

        Assert.Equal("v", Bytes.Text(db.Get(Bytes.Of("k"))));
    }

    [Fact]
    public void Write_options_sync_and_disabled_wal_both_write()
    {
        using var scratch = new ScratchDb();
        using var sync = new WriteOptions().SetSync();
        using var noWal = new WriteOptions().DisableWal();

        scratch.Db.Put(Bytes.Of("a"), Bytes.Of("1"), writeOptions: sync);
        scratch.Db.Put(Bytes.Of("b"), Bytes.Of("2"), writeOptions: noWal);
        scratch.Db.Remove(Bytes.Of("a"), writeOptions: noWal);

        Assert.Null(scratch.Db.Get(Bytes.Of("a")));
        Assert.Equal("2", Bytes.Text(scratch.Db.Get(Bytes.Of("b"))));
    }

    [Fact]
    public void Opening_a_missing_database_without_create_if_missing_raises_rocksdb_message()
    {
        using var dir = new TempDirectory("rocksdb");
        using var options = new DbOptions();

        var error = Assert.Throws<RocksDbException>(() => RocksDb.Open(options, dir.Combine("absent")));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Opening_a_database_locked_by_another_open_instance_raises_rocksdb_message()
    {
        using var scratch = new ScratchDb();

        var error = Assert.Throws<RocksDbException>(() => RocksDb.Open(scratch.Options, scratch.Path));

        Assert.Contains("LOCK", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Properties_are_read_and_unknown_ones_are_null()
    {
        using var scratch = new ScratchDb();
        for (var i = 0; i < 10; i++)
        {
            scratch.Db.Put([(byte)i], [(byte)i]);
        }

        Assert.Equal("10", scratch.Db.GetProperty("rocksdb.estimate-num-keys"));
        Assert.Null(scratch.Db.GetProperty("rocksdb.no-such-property"));
    }

    [Fact]
    public void Flush_writes_level0_files_and_full_compaction_moves_them_down()
    {
        using var scratch = new ScratchDb();
        for (var round = 0; round < 3; round++)
        {
            scratch.Db.Put([(byte)round], Bytes.Of("v"));
            scratch.Db.Flush();
        }

        Assert.Equal("3", scratch.Db.GetProperty("rocksdb.num-files-at-level0"));

        scratch.Db.CompactRange(null, null);

        Assert.Equal("0", scratch.Db.GetProperty("rocksdb.num-files-at-level0"));
        Assert.Equal("v", Bytes.Text(scratch.Db.Get([2])));
    }

    [Fact]
    public void Flush_without_waiting_is_accepted()
    {
        using var scratch = new ScratchDb();
        using var options = new FlushOptions().SetWaitForFlush(false);
        scratch.Db.Put(Bytes.Of("k"), Bytes.Of("v"));

        scratch.Db.Flush(options);

        Assert.Equal("v", Bytes.Text(scratch.Db.Get(Bytes.Of("k"))));
    }
}
