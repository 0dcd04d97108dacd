using System.Globalization;
using System.Text;
using Kappa.Contracts.Views;
using Kappa.Processor.Hosting;
using Kappa.Storage;
using Xunit;

namespace Kappa.Processor.Tests.Pipeline;

/// <summary>
/// When a task commits: besides its intervals, whenever its dirty rows reach <see cref="ProcessorOptions.CommitMaxDirtyRows"/>;
/// and what: its store holds exactly the open rows, and only rows it held are deleted.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ViewTaskCommitTests
{
    [Fact]
    public async Task A_task_commits_when_its_dirty_rows_reach_the_limit_however_long_its_interval()
    {
        await using var harness = await PipelineHarness.StartAsync(KeyedEvents.Yaml, partitions: 1);
        await harness.AppendAsync(KeyedEvents.OnePerKey(5_000, KeyedEvents.Ten));

        // Every event makes a new row dirty: 1,000 rows, a commit, five times over, with intervals that never come.
        await harness.RunUntilCaughtUpAsync(maxPollRecords: 500, configure: options =>
        {
            options.CommitInterval = TimeSpan.FromMinutes(10);
            options.CatchUpCommitInterval = TimeSpan.FromMinutes(10);
            options.CommitMaxDirtyRows = 1_000;
        });

        var progress = await harness.ReadTopicAsync(ProgressTopic.Name);
        Assert.Equal(5, progress.Count);
        Assert.Equal(5_000, (await harness.ReadTopicAsync(harness.View.ChangelogTopic(1))).Count);
    }

    // The most outbox records a commit of these tests stages: its changelog rows go in records of up to
    // OutboxRecord.MaxStagedBytes, and each is deleted from the store once published.
    private const long OutboxDeletions = 10;

    [Fact]
    public async Task A_commit_writes_only_the_open_rows_and_deletes_only_closed_rows_the_store_held()
    {
        await using var harness = await PipelineHarness.StartAsync(KeyedEvents.Yaml, partitions: 1);

        // Ten keys, an event each every 10 minutes for a day, all in one poll and one commit. The watermark ends at
        // 22:50 past the first hour, so with an hour's grace 21 hourly windows close and the last 3 stay open.
        await harness.AppendAsync(Day(KeyedEvents.Ten));
        await harness.RunUntilCaughtUpAsync(maxPollRecords: 10_000);

        Assert.Single(await harness.ReadTopicAsync(ProgressTopic.Name));
        var (rows, closeEntries, deletions) = ReadStore(harness.TaskDirectory(0));
        Assert.Equal((30, 30), (rows, closeEntries));

        // Besides a commit's outbox records, deleted once published (a few), nothing: 2 x 210 had the closed rows
        // and their close-index entries been deleted.
        Assert.InRange(deletions, 0, OutboxDeletions);

        // A day later: the 30 rows the store held close, and go, with their close-index entries.
        await harness.AppendAsync(Day(KeyedEvents.Ten.AddDays(1)));
        await harness.RunUntilCaughtUpAsync(maxPollRecords: 10_000);

        var (rowsNow, closeEntriesNow, deletionsNow) = ReadStore(harness.TaskDirectory(0));
        Assert.Equal((30, 30), (rowsNow, closeEntriesNow));
        Assert.InRange(deletionsNow - deletions, 2 * 30, (2 * 30) + OutboxDeletions);
    }

    [Fact]
    public async Task A_commit_deletes_a_session_row_it_held_that_moved_and_none_for_a_session_that_moved_unwritten()
    {
        await using var harness = await PipelineHarness.StartAsync("""
            view: sessions
            source: clicks
            time: { field: ts, max-disorder: 1h, grace: 0s }
            key: [k]
            window: { session: { gap: 30m } }
            aggregates: { n: count() }
            """, partitions: 1);
        var tenTwenty = KeyedEvents.Ten.AddMinutes(20);

        // First commit: ten sessions a0..a9 start at 10:20, and the store holds their rows.
        await harness.AppendAsync(Enumerable.Range(0, 10).Select(i => KeyedEvents.Event($"a{i}", tenTwenty)));
        await harness.RunUntilCaughtUpAsync(maxPollRecords: 10_000);
        var (_, _, deletions) = ReadStore(harness.TaskDirectory(0));

        // Second commit: a 10:00 event moves each a-session's start, so its 10:20 row is retired and the store's copy
        // must go. Twenty b-sessions start at 10:20 and move to 10:00 within the same commit: their 10:20 rows were
        // never written, and deleting them would be 2 x 20 tombstones for nothing. The watermark (09:20) closes nothing.
        await harness.AppendAsync(Enumerable.Range(0, 10).Select(i => KeyedEvents.Event($"a{i}", KeyedEvents.Ten))
            .Concat(Enumerable.Range(0, 20).SelectMany(i => new[] { KeyedEvents.Event($"b{i}", tenTwenty), KeyedEvents.Event($"b{i}", KeyedEvents.Ten) })));
        await harness.RunUntilCaughtUpAsync(maxPollRecords: 10_000);

        var (rows, closeEntries, deletionsNow) = ReadStore(harness.TaskDirectory(0));
        Assert.Equal((30, 30), (rows, closeEntries));
        // The store's deletions: each retired a-row and its close-index entry, and the changelog tombstone each stages
        // (the a-rows were published), deleted once published. The b-rows cost nothing.
        Assert.InRange(deletionsNow - deletions, (2 * 10) + 10, (2 * 10) + 10 + OutboxDeletions);
        var tombstones = (await harness.ReadTopicAsync(harness.View.ChangelogTopic(1))).Where(r => r.Value is null).ToList();
        Assert.Equal(10, tombstones.Count);
        Assert.Equal(
            Enumerable.Range(0, 10).Select(i => ($"a{i}", tenTwenty.ToUnixTimeMilliseconds())).ToHashSet(),
            tombstones.Select(t => RowKey.Decode(t.Key.AsSpan(0, t.Key!.Length - sizeof(int)))).Select(d => (Encoding.UTF8.GetString(d.Key), d.WindowStart)).ToHashSet());
        var windows = await harness.ReadWindowsAsync();
        Assert.Equal(30, windows.Count);
        Assert.All(windows, w => Assert.Equal((KeyedEvents.Ten, KeyedEvents.Ten.AddMinutes(50), """{"n":2}"""), (w.Key.Start, w.Key.End, w.Value)));
    }

    private static IEnumerable<(int Partition, string? Key, string Json, long Timestamp)> Day(DateTimeOffset start) =>
        Enumerable.Range(0, 24 * 6).SelectMany(step => Enumerable.Range(0, 10).Select(k => KeyedEvents.Event($"k{k:D5}", start.AddMinutes(step * 10))));

    /// <summary>
    /// The rows a task's store holds, its close-index entries, and the deletions it ever wrote (all flushed to table
    /// files first).
    /// </summary>
    private static (int Rows, int CloseEntries, long Deletions) ReadStore(string directory)
    {
        using var options = new DbOptions();
        using var db = RocksDb.Open(options, directory);
        db.Flush();
        var rows = 0;
        var closeEntries = 0;
        using (var iterator = db.NewIterator())
        {
            for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
            {
                rows += iterator.Key()[0] == (byte)'s' ? 1 : 0;
                closeEntries += iterator.Key()[0] == (byte)'e' ? 1 : 0;
            }
        }

        var properties = db.GetProperty("rocksdb.aggregated-table-properties") ?? string.Empty;
        var deletions = properties.Split(';').Select(p => p.Trim()).Single(p => p.StartsWith("# deletions=", StringComparison.Ordinal));
        return (rows, closeEntries, long.Parse(deletions["# deletions=".Length..], CultureInfo.InvariantCulture));
    }
}
