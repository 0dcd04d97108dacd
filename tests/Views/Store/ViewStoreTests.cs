using System.Buffers;
using System.Text;
using Kappa.Contracts.Views;
using Kappa.TestKit;
using Kappa.Views.Store;
using Xunit;

namespace Kappa.Views.Tests.Store;

public sealed class ViewStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new("view-store");
    private readonly ViewStore _store;

    public ViewStoreTests() => _store = ViewStore.Open(_dir.Path);

    [Fact]
    public void Reapplying_the_same_changelog_records_changes_nothing()
    {
        var upserts = new[] { Row("a", 0, "{\"n\":1}"), Row("b", 0, "{\"n\":2}") };
        _store.Apply("v", 1, upserts, new Dictionary<int, long> { [0] = 2 });
        _store.Apply("v", 1, upserts, new Dictionary<int, long> { [0] = 2 });

        Assert.Equal(2, _store.CountRows("v", 1));
        Assert.Equal(2, _store.ReadNextOffset("v", 1, 0));
        Assert.Equal(["{\"n\":1}"], _store.ReadKey("v", 1, "a"u8).Select(Encoding.UTF8.GetString));
    }

    [Fact]
    public void Dropping_a_version_deletes_its_rows_offsets_and_count_and_leaves_the_others()
    {
        _store.Apply("v", 1, [Row("a", 0, "{\"n\":1}")], new Dictionary<int, long> { [0] = 1 });
        _store.Apply("v", 2, [Row("a", 0, "{\"n\":2}")], new Dictionary<int, long> { [0] = 1 });

        _store.DropVersion("v", 1);
        _store.DropVersion("v", 1);
        _store.DropVersion("v", 7);

        Assert.False(_store.HasVersion("v", 1));
        Assert.Empty(_store.ReadKey("v", 1, "a"u8));
        Assert.Empty(_store.Scan("v", 1, [], null, 10));
        Assert.Equal(0, _store.CountRows("v", 1));
        Assert.Null(_store.ReadNextOffset("v", 1, 0));
        Assert.False(_store.HasVersion("v", 1), "reading a dropped version must not create it again");
        Assert.Equal(["{\"n\":2}"], _store.ReadKey("v", 2, "a"u8).Select(Encoding.UTF8.GetString));
        Assert.Equal(1, _store.ReadNextOffset("v", 2, 0));
    }

    [Fact]
    public async Task Reading_a_key_without_waiting_gives_way_to_a_drop_in_progress()
    {
        _store.Apply("v", 1, [Row("a", 0, "{\"n\":1}")], new Dictionary<int, long> { [0] = 1 });
        _store.Apply("v", 2, [Row("a", 0, "{\"n\":2}")], new Dictionary<int, long> { [0] = 1 });
        using var visiting = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();

        // A page of a scan holds off drops while its visitor runs; the drop then waits, and so would a new read.
        var scan = Task.Run(() => _store.VisitRows("v", 2, null, 10, (_, _) =>
        {
            visiting.Set();
            release.Wait();
        }));
        var drop = Task.CompletedTask;
        try
        {
            Assert.True(visiting.Wait(TimeSpan.FromSeconds(30)));
            drop = Task.Run(() => _store.DropVersion("v", 1));
            var deadline = DateTime.UtcNow.AddSeconds(30);
            IReadOnlyList<byte[]>? read;
            do
            {
                // Until the drop is waiting, reads still go through. A read that waited would time out here.
                await Task.Delay(1);
                read = await Task.Run(() => _store.TryReadKey("v", 2, "a"u8)).WaitAsync(TimeSpan.FromSeconds(30));
            }
            while (read is not null && DateTime.UtcNow < deadline);

            Assert.Null(read);
            Assert.False(drop.IsCompleted);
        }
        finally
        {
            release.Set();
        }

        await scan;
        await drop;

        Assert.Equal(["{\"n\":2}"], _store.TryReadKey("v", 2, "a"u8)!.Select(Encoding.UTF8.GetString));
        Assert.Empty(_store.TryReadKey("v", 1, "a"u8)!);
    }

    [Fact]
    public void A_dropped_version_stays_dropped_after_reopening()
    {
        using var dir = new TempDirectory("view-store-drop");
        using (var store = ViewStore.Open(dir.Path))
        {
            store.Apply("v", 1, [Row("a", 0, "{}")], new Dictionary<int, long> { [0] = 1 });
            store.DropVersion("v", 1);
        }

        using var reopened = ViewStore.Open(dir.Path);
        Assert.False(reopened.HasVersion("v", 1));
        Assert.Empty(reopened.ReadKey("v", 1, "a"u8));
    }

    [Fact]
    public void A_store_keeps_its_instance_id_across_reopening_and_another_store_has_another()
    {
        using var dir = new TempDirectory("view-store-instance");
        string first;
        using (var store = ViewStore.Open(dir.Path))
        {
            first = store.InstanceId;
        }

        using var reopened = ViewStore.Open(dir.Path);
        Assert.Equal(first, reopened.InstanceId);
        Assert.Matches("^[0-9a-f]{12}$", first);
        Assert.NotEqual(first, _store.InstanceId);
    }

    [Fact]
    public void Row_counts_follow_inserts_updates_and_deletes_within_and_across_batches()
    {
        _store.Apply("v", 1, [Row("a", 0, "1"), Row("a", 0, "2"), Row("b", 0, "1"), new RowUpsert(RowKey.Encode("b"u8, 0), null)], new Dictionary<int, long> { [0] = 4 });
        Assert.Equal(1, _store.CountRows("v", 1));

        _store.Apply("v", 1, [new RowUpsert(RowKey.Encode("a"u8, 0), null), Row("c", 5, "1")], new Dictionary<int, long> { [0] = 6 });
        Assert.Equal(1, _store.CountRows("v", 1));
        Assert.Empty(_store.ReadKey("v", 1, "a"u8));
    }

    [Fact]
    public void A_key_reads_only_its_own_rows_in_window_order()
    {
        _store.Apply("v", 1, [Row("ab", 0, "x"), Row("a", 7_200_000, "late"), Row("a", 0, "early")], new Dictionary<int, long> { [0] = 3 });

        Assert.Equal(["early", "late"], _store.ReadKey("v", 1, "a"u8).Select(Encoding.UTF8.GetString));
    }

    [Fact]
    public void Paging_with_the_last_key_as_cursor_returns_every_row_once_in_order()
    {
        var rows = Enumerable.Range(0, 250).Select(i => Row($"k{i:D3}", i, $"{i}")).ToArray();
        _store.Apply("v", 1, rows, new Dictionary<int, long> { [0] = rows.Length });

        var seen = new List<string>();
        byte[]? after = null;
        while (true)
        {
            var page = _store.Scan("v", 1, "k"u8, after, 64);
            seen.AddRange(page.Select(r => Encoding.UTF8.GetString(r.Json)));
            if (page.Count < 64)
            {
                break;
            }

            after = page[^1].RowKey;
        }

        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"{i}"), seen);
    }

    [Theory]
    [InlineData(250, 64)]
    [InlineData(128, 64)]
    [InlineData(0, 64)]
    public void Visiting_page_by_page_shows_every_row_once_in_order_and_ends_with_no_cursor(int count, int pageSize)
    {
        var rows = Enumerable.Range(0, count).Select(i => Row($"k{i:D3}", i, $"{i}")).ToArray();
        _store.Apply("v", 1, rows, new Dictionary<int, long> { [0] = rows.Length });

        var seen = new List<string>();
        var pages = 0;
        byte[]? after = null;
        do
        {
            after = _store.VisitRows("v", 1, after, pageSize, (key, json) => seen.Add(Encoding.UTF8.GetString(json)));
            pages++;
        }
        while (after is not null);

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"{i}"), seen);
        // A full last page cannot know it was the last: one more call finds nothing and says so.
        Assert.Equal(count / pageSize + 1, pages);
        Assert.Null(_store.VisitRows("v", 9, null, pageSize, (_, _) => Assert.Fail("a missing version has no rows")));
        Assert.False(_store.HasVersion("v", 9), "visiting a version must not create it");
        Assert.Throws<ArgumentOutOfRangeException>(() => _store.VisitRows("v", 1, null, 0, (_, _) => { }));
    }

    [Fact]
    public void Versions_are_separate_and_survive_a_reopen()
    {
        _store.Apply("v", 1, [Row("a", 0, "one")], new Dictionary<int, long> { [0] = 1 });
        _store.Apply("v", 2, [Row("a", 0, "two")], new Dictionary<int, long> { [0] = 9 });
        _store.Dispose();

        using var reopened = ViewStore.Open(_dir.Path);

        Assert.True(reopened.HasVersion("v", 1));
        Assert.Equal(["one"], reopened.ReadKey("v", 1, "a"u8).Select(Encoding.UTF8.GetString));
        Assert.Equal(["two"], reopened.ReadKey("v", 2, "a"u8).Select(Encoding.UTF8.GetString));
        Assert.Equal(9, reopened.ReadNextOffset("v", 2, 0));
        Assert.Null(reopened.ReadNextOffset("v", 2, 1));
    }

    [Fact]
    public void A_row_with_one_partial_is_rendered_given_that_partials_row_and_a_row_with_more_is_not()
    {
        var recent = new RecentRows(capacity: 100);
        using var first = _store.PreparePartials("v", 1, [Partial("a", 0) with { Row = "a0"u8.ToArray() }, Partial("b", 0) with { Row = "b0"u8.ToArray() }], Render, recent, known: null);
        _store.WritePartials("v", 1, [first], new Dictionary<int, long> { [0] = 2 });
        using var second = _store.PreparePartials("v", 1, [Partial("a", 1) with { Row = "a1"u8.ToArray() }, Partial("b", 0, "b@0'") with { Row = "b0'"u8.ToArray() }], Render, recent, known: null);
        _store.WritePartials("v", 1, [second], new Dictionary<int, long> { [0] = 4 });

        Assert.Equal(["a@0+a@1"], _store.ReadKey("v", 1, "a"u8).Select(Encoding.UTF8.GetString));
        Assert.Equal(["b@0' (b0')"], _store.ReadKey("v", 1, "b"u8).Select(Encoding.UTF8.GetString));
    }

    [Fact]
    public void A_batch_prepared_before_the_one_before_is_written_reads_that_ones_rows_from_it()
    {
        var recent = new RecentRows(capacity: 100);
        using var first = _store.PreparePartials("v", 1, [Partial("a", 0)], Render, recent, known: null);
        using var second = _store.PreparePartials("v", 1, [Partial("a", 1), Partial("b", 1)], Render, recent, known: null);
        _store.WritePartials("v", 1, [first], new Dictionary<int, long> { [0] = 1 });
        _store.WritePartials("v", 1, [second], new Dictionary<int, long> { [0] = 3 });

        Assert.Equal(["a@0+a@1"], _store.ReadKey("v", 1, "a"u8).Select(Encoding.UTF8.GetString));
        Assert.Equal(2, _store.CountRows("v", 1));
        Assert.Equal(3, _store.ReadNextOffset("v", 1, 0));
    }

    [Fact]
    public void A_batch_merges_each_partitions_last_change_in_partition_order_over_the_stored_partials()
    {
        using var first = _store.PreparePartials("v", 1, [Partial("a", 2), Partial("a", 0)], Render, new RecentRows(capacity: 100), known: null);
        _store.WritePartials("v", 1, [first], new Dictionary<int, long> { [0] = 2 });

        using var second = _store.PreparePartials("v", 1, [Partial("a", 1), Partial("a", 2, "late"), Partial("a", 1, "last")], Render, new RecentRows(capacity: 100), known: null);
        _store.WritePartials("v", 1, [second], new Dictionary<int, long> { [0] = 5 });

        Assert.Equal(["a@0+last+late"], _store.ReadKey("v", 1, "a"u8).Select(Encoding.UTF8.GetString));
        Assert.Equal(1, _store.CountRows("v", 1));
    }

    [Fact]
    public void A_written_batch_prepared_again_holds_only_the_new_batch()
    {
        var recent = new RecentRows(capacity: 100);
        using var first = _store.PreparePartials("v", 1, [Partial("a", 0), Partial("b", 0)], Render, recent, known: null);
        _store.WritePartials("v", 1, [first], new Dictionary<int, long> { [0] = 2 });

        using var reused = _store.PreparePartials("v", 1, [Partial("c", 1)], Render, recent, known: null, into: first);
        _store.WritePartials("v", 1, [reused], new Dictionary<int, long> { [0] = 3 });

        Assert.Same(first, reused);
        Assert.Equal([("c", 1)], reused.Partials.Select(p => (Encoding.UTF8.GetString(RowKey.Decode(p.RowKey).Key), p.Partition)));
        Assert.Equal(["c"], reused.Written.Keys.Select(k => Encoding.UTF8.GetString(RowKey.Decode(k).Key)));
        Assert.Equal(1, reused.RowCount);
        Assert.Equal(1, reused.AddedRows);
        Assert.Equal(3, _store.CountRows("v", 1));
        Assert.Equal(["c@1"], _store.ReadKey("v", 1, "c"u8).Select(Encoding.UTF8.GetString));
    }

    [Fact]
    public void Rows_rendered_beside_one_that_cannot_be_keep_their_own_json()
    {
        var recent = new RecentRows(capacity: 100);
        using var first = _store.PreparePartials("v", 1, [Partial("a", 0), Partial("b", 0, "bad"), Partial("c", 0)], RenderUnlessBad, recent, known: null);
        _store.WritePartials("v", 1, [first], new Dictionary<int, long> { [0] = 3 });

        // The batch's buffer, reused: a longer row first, then shorter ones, each read back whole and alone.
        using var second = _store.PreparePartials("v", 1, [Partial("a", 1, "a-much-longer-state"), Partial("d", 0)], RenderUnlessBad, recent, known: null, into: first);
        _store.WritePartials("v", 1, [second], new Dictionary<int, long> { [0] = 5 });

        Assert.Equal(["a@0+a-much-longer-state"], _store.ReadKey("v", 1, "a"u8).Select(Encoding.UTF8.GetString));
        Assert.Empty(_store.ReadKey("v", 1, "b"u8));
        Assert.Equal(["c@0"], _store.ReadKey("v", 1, "c"u8).Select(Encoding.UTF8.GetString));
        Assert.Equal(["d@0"], _store.ReadKey("v", 1, "d"u8).Select(Encoding.UTF8.GetString));
        Assert.Equal(3, _store.CountRows("v", 1));
    }

    [Fact]
    public void Rows_prepared_lately_are_read_from_the_recent_rows_as_prepared()
    {
        var recent = new RecentRows(capacity: 100);
        using var first = _store.PreparePartials("v", 1, [Partial("a", 0), Partial("b", 1)], Render, recent, known: null);
        _store.WritePartials("v", 1, [first], new Dictionary<int, long> { [0] = 2 });
        using var second = _store.PreparePartials("v", 1, [Partial("a", 1)], Render, recent, known: null);
        _store.WritePartials("v", 1, [second], new Dictionary<int, long> { [0] = 3 });

        // A store without the rows' partials: what the recent rows hold is what the next batch merges over.
        using var other = new TempDirectory("view-store-other");
        using var elsewhere = ViewStore.Open(other.Path);
        using var third = elsewhere.PreparePartials("v", 1, [Partial("a", 2), Partial("b", 0)], Render, recent, known: null);
        elsewhere.WritePartials("v", 1, [third], new Dictionary<int, long> { [0] = 5 });

        Assert.Equal(["a@0+a@1"], _store.ReadKey("v", 1, "a"u8).Select(Encoding.UTF8.GetString));
        Assert.Equal(["a@0+a@1+a@2"], elsewhere.ReadKey("v", 1, "a"u8).Select(Encoding.UTF8.GetString));
        Assert.Equal(["b@0+b@1"], elsewhere.ReadKey("v", 1, "b"u8).Select(Encoding.UTF8.GetString));
        Assert.Equal(0, elsewhere.CountRows("v", 1));
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private static PartialUpsert Partial(string key, int partition, string? state = null) =>
        new(RowKey.Encode(Encoding.UTF8.GetBytes(key), 0), partition, Encoding.UTF8.GetBytes(state ?? $"{key}@{partition}"));

    private static bool Render(byte[] rowKey, IReadOnlyList<byte[]> states, ReadOnlyMemory<byte> soleRow, IBufferWriter<byte> output)
    {
        output.Write(Encoding.UTF8.GetBytes(string.Join("+", states.Select(Encoding.UTF8.GetString)) + (soleRow.IsEmpty ? "" : $" ({Encoding.UTF8.GetString(soleRow.Span)})")));
        return true;
    }

    /// <summary>Renders as <see cref="Render"/> does, except that a row with a partial in state "bad" cannot be rendered.</summary>
    private static bool RenderUnlessBad(byte[] rowKey, IReadOnlyList<byte[]> states, ReadOnlyMemory<byte> soleRow, IBufferWriter<byte> output) =>
        !states.Any(s => s.AsSpan().SequenceEqual("bad"u8)) && Render(rowKey, states, soleRow, output);

    private static RowUpsert Row(string key, long windowStart, string json) =>
        new(RowKey.Encode(Encoding.UTF8.GetBytes(key), windowStart), Encoding.UTF8.GetBytes(json));
}
