using Kappa.Log.Abstractions;
using Kappa.Log.Embedded;
using Kappa.TestKit;
using Kappa.Views.Materialization;
using Kappa.Views.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Kappa.Views.Tests.Materialization;

/// <summary>
/// Materialization split into shards by row and pipelined (a batch is prepared while the one before is written):
/// whatever the number of shards and the batch size, and however a run is cut short, the rows are the same bytes as
/// one shard applying the whole changelog in one batch.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ShardedMaterializationTests : IAsyncDisposable
{
    private readonly TempDirectory _dir = new("sharded-materializer");
    private readonly EmbeddedLog _log;
    private readonly FixedWindowChangelog _changelog = new();
    private readonly List<ViewStore> _stores = [];

    public ShardedMaterializationTests()
    {
        _log = EmbeddedLog.Open(new EmbeddedLogOptions { DataDirectory = _dir.Combine("log") });
    }

    private string View => _changelog.View.Name;

    [Fact]
    public async Task One_shard_and_several_shards_write_byte_identical_rows_counts_and_offsets()
    {
        await PublishAsync(_changelog.Generate(keys: 200, seed: 1));

        var one = await MaterializeAsync(Store(), shards: 1, maxPollRecords: 37);
        var three = await MaterializeAsync(Store(), shards: 3, maxPollRecords: 37);
        var eight = await MaterializeAsync(Store(), shards: 8, maxPollRecords: 1_000);

        var expected = Rows(one);
        Assert.InRange(expected.Count, 201, 200 * 3);
        foreach (var store in new[] { three, eight })
        {
            Assert.Equal(expected, Rows(store));
            Assert.Equal(one.CountRows(View, 1), store.CountRows(View, 1));
            for (var partition = 0; partition < 4; partition++)
            {
                Assert.Equal(one.ReadNextOffset(View, 1, partition), store.ReadNextOffset(View, 1, partition));
            }
        }

        Assert.Equal(expected.Count, one.CountRows(View, 1));
    }

    [Fact]
    public async Task Stopping_half_way_and_resuming_with_another_shard_count_writes_the_same_rows()
    {
        var records = _changelog.Generate(keys: 120, seed: 2);
        await PublishAsync(records[..(records.Count / 2)]);
        var store = Store();
        await MaterializeAsync(store, shards: 3, maxPollRecords: 50);

        await PublishAsync(records[(records.Count / 2)..]);
        await MaterializeAsync(store, shards: 2, maxPollRecords: 50);

        var whole = await MaterializeAsync(Store(), shards: 1, maxPollRecords: 10_000);
        Assert.Equal(Rows(whole), Rows(store));
        Assert.Equal(whole.CountRows(View, 1), store.CountRows(View, 1));
    }

    [Fact]
    public async Task A_row_whose_partials_cannot_be_merged_is_not_counted_until_they_can()
    {
        // Each partition's sum fits a decimal; their total does not. Both come in one batch (from one changelog
        // partition, so one poll takes both): the row never renders.
        var tooBig = 60_000_000_000_000_000_000_000_000_000m;
        await PublishAsync([_changelog.Add("big", 0, 0, tooBig), _changelog.Add("big", 0, 1, tooBig) with { Partition = 0 }]);
        var store = await MaterializeAsync(Store(), shards: 2, maxPollRecords: 100);
        Assert.Equal(0, store.CountRows(View, 1));
        Assert.Empty(store.ReadKey(View, 1, "big"u8));

        // Partition 1's partial shrinks (its task was replayed with other input): the row can be rendered now.
        var replayed = new FixedWindowChangelog();
        await PublishAsync([replayed.Add("big", 0, 1, 1m), _changelog.Add("small", 0, 2, 5m)]);
        await MaterializeAsync(store, shards: 2, maxPollRecords: 1);

        Assert.Equal(2, store.CountRows(View, 1));
        Assert.Single(store.ReadKey(View, 1, "big"u8));
    }

    private ViewStore Store()
    {
        var store = ViewStore.Open(_dir.Combine($"views-{_stores.Count}"));
        _stores.Add(store);
        return store;
    }

    private static List<(string Key, string Json)> Rows(ViewStore store)
    {
        var rows = new List<(string, string)>();
        byte[]? after = null;
        while (store.Scan("sales", 1, [], after, 100) is { Count: > 0 } page)
        {
            rows.AddRange(page.Select(r => (Convert.ToHexString(r.RowKey), System.Text.Encoding.UTF8.GetString(r.Json))));
            after = page[^1].RowKey;
        }

        return rows;
    }

    private async Task PublishAsync(IReadOnlyList<ProducerRecord> records)
    {
        await _log.Admin.EnsureTopicAsync(new TopicSpec(_changelog.View.ChangelogTopic(1), 4, new TopicConfig(Compacted: true)));
        using var producer = _log.CreateProducer();
        await producer.AppendAsync(_changelog.View.ChangelogTopic(1), records.ToArray());
    }

    /// <summary>Runs a materializer until the store has applied the whole changelog, then stops it.</summary>
    private async Task<ViewStore> MaterializeAsync(ViewStore store, int shards, int maxPollRecords)
    {
        var changelog = (await _log.Admin.DescribeTopicAsync(_changelog.View.ChangelogTopic(1)))!;
        using var stop = new CancellationTokenSource();
        var materializer = new ViewMaterializer(_changelog.View, 1, _log, store, maxPollRecords, NullLogger.Instance, shards);
        var run = Task.Run(() => materializer.RunAsync(changelog, stop.Token));
        using var probe = _log.CreateConsumer("probe");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        for (var p = 0; p < changelog.Partitions; p++)
        {
            var end = probe.GetWatermarks(new TopicPartition(changelog.Name, p)).High;
            while ((store.ReadNextOffset(View, 1, p) ?? 0) < end && DateTime.UtcNow < deadline && !run.IsFaulted)
            {
                await Task.Delay(10);
            }
        }

        await stop.CancelAsync();
        await run;
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        await _log.DisposeAsync();
        _dir.Dispose();
    }
}
