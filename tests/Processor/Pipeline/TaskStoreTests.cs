using Kappa.Processor.Aggregates;
using Kappa.Processor.Events;
using Kappa.Processor.Pipeline;
using Kappa.Processor.Windows;
using Kappa.Storage;
using Kappa.TestKit;
using Xunit;

namespace Kappa.Processor.Tests.Pipeline;

/// <summary>
/// The task store's RocksDB under the sequential insert hint: a store written before the hint, whose write-ahead log
/// still holds a range deletion of published outbox records, is recovered without the hint and then keeps working.
/// </summary>
public sealed class TaskStoreTests
{
    private static readonly CompiledView View = ViewCompiler.CompileText("""
        view: counts
        source: things
        window: { tumbling: 1h }
        aggregates: { n: count() }
        """, "test.yaml")[0];

    [Fact]
    public void A_store_whose_log_holds_a_range_deletion_opens_with_its_rows_and_takes_new_ones_in_order()
    {
        using var dir = new TempDirectory("task-store");
        var path = dir.Combine("p0");

        // As a version before the hint left it: rows, an outbox cleared by a range deletion, more rows, all still in
        // the write-ahead log (RocksDB flushes at close only when asked).
        using (var options = new DbOptions().SetCreateIfMissing(true))
        using (var db = RocksDb.Open(options, path))
        {
            using var batch = new WriteBatch();
            for (var i = 0; i < 500; i += 2)
            {
                batch.Put(StoredKey(i), Row(i));
            }

            batch.Put([(byte)'p', 0, 0, 0, 0, 0, 0, 0, 1], [1]);
            batch.DeleteRange([(byte)'p', 0, 0, 0, 0, 0, 0, 0, 0], [(byte)'p', 0, 0, 0, 0, 0, 0, 0, 9]);
            db.Write(batch);
        }

        using (var store = TaskStore.Open(path, View.Aggregates))
        {
            var rows = Enumerable.Range(0, 250).Select(i => (Key: RowKey((2 * i) + 1), Row: NewRow((2 * i) + 1))).ToList();
            store.Commit(TaskMeta.Initial, rows, [], []);
        }

        // Recovered once: the marker spares later opens the recovery.
        Assert.True(File.Exists(Path.Combine(path, "KAPPA-HINTED")));

        using var reopened = TaskStore.Open(path, View.Aggregates);
        var stored = reopened.ReadRowWindows();
        Assert.Equal(Enumerable.Range(0, 500).Select(i => (RowKey(i), NewRow(i).Window)), stored.Select(r => (r.RowKey, r.Window)), new RowComparer());
        Assert.Empty(reopened.ReadOutbox());
    }

    [Fact]
    public void Commits_keep_writing_exactly_their_rows_as_the_commit_batch_is_reused_and_then_replaced()
    {
        using var dir = new TempDirectory("task-store");
        using (var store = TaskStore.Open(dir.Combine("p0"), View.Aggregates))
        {
            // One big commit, then enough small ones (under an eighth of its size) that the batch is replaced.
            store.Commit(TaskMeta.Initial, [.. Enumerable.Range(0, 2_000).Select(i => (RowKey(i), NewRow(i)))], [], []);
            for (var c = 0; c < 100; c++)
            {
                var i = 2_000 + c;
                var meta = TaskMeta.Initial with { NextOffset = c };
                store.Commit(meta, [(RowKey(i), NewRow(i))], c % 10 == 9 ? [(RowKey(c), NewRow(c).Window.End)] : [], []);
            }
        }

        using var reopened = TaskStore.Open(dir.Combine("p0"), View.Aggregates);
        var closed = Enumerable.Range(0, 100).Where(c => c % 10 == 9).ToHashSet();
        var expected = Enumerable.Range(0, 2_100).Where(i => !closed.Contains(i)).Select(i => (RowKey(i), NewRow(i).Window));
        Assert.Equal(expected, reopened.ReadRowWindows().Select(r => (r.RowKey, r.Window)), new RowComparer());
        Assert.Equal(99, reopened.ReadMeta().NextOffset);
    }

    [Fact]
    public void A_commit_that_fails_while_its_batch_is_built_leaves_nothing_for_the_next()
    {
        using var dir = new TempDirectory("task-store");
        using (var store = TaskStore.Open(dir.Combine("p0"), View.Aggregates))
        {
            var failing = new RowState(new Window(0, 3_600_000), [new UnwritableState()]);
            Assert.Throws<InvalidOperationException>(() =>
                store.Commit(TaskMeta.Initial with { NextOffset = 7 }, [(RowKey(1), NewRow(1)), (RowKey(2), failing)], [], []));

            store.Commit(TaskMeta.Initial with { NextOffset = 3 }, [(RowKey(3), NewRow(3))], [], []);
        }

        using var reopened = TaskStore.Open(dir.Combine("p0"), View.Aggregates);
        Assert.Equal([(RowKey(3), NewRow(3).Window)], reopened.ReadRowWindows().Select(r => (r.RowKey, r.Window)), new RowComparer());
        Assert.Equal(3, reopened.ReadMeta().NextOffset);
    }

    /// <summary>An aggregate state that cannot be written, as a broken custom aggregate might be.</summary>
    private sealed class UnwritableState : IAggregateState
    {
        public void Add(in FieldValue input, in EventPosition position)
        {
        }

        public void Merge(IAggregateState other)
        {
        }

        public void Write(System.Buffers.IBufferWriter<byte> output) => throw new InvalidOperationException("cannot write");

        public void WriteResult(System.Text.Json.Utf8JsonWriter writer) => writer.WriteNullValue();
    }

    private sealed class RowComparer : IEqualityComparer<(byte[] Key, Window Window)>
    {
        public bool Equals((byte[] Key, Window Window) x, (byte[] Key, Window Window) y) => x.Key.AsSpan().SequenceEqual(y.Key) && x.Window == y.Window;

        public int GetHashCode((byte[] Key, Window Window) obj) => obj.Window.GetHashCode();
    }

    private static byte[] RowKey(int i) => [.. "k"u8, (byte)(i >> 8), (byte)i];

    private static byte[] StoredKey(int i) => [(byte)'s', .. RowKey(i)];

    private static RowState NewRow(int i) => RowState.Create(new Window(i * 1000L, (i * 1000L) + 3_600_000), View.Aggregates);

    private static byte[] Row(int i)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        NewRow(i).Write(output);
        return output.WrittenSpan.ToArray();
    }
}
