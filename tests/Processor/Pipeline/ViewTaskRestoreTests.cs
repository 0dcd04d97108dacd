using Kappa.Processor.Pipeline;
using Xunit;

namespace Kappa.Processor.Tests.Pipeline;

/// <summary>
/// A task whose local state is behind its group's committed offset (the partition moved here from another worker)
/// restores the state by replaying its input silently up to that offset, then runs live: the view, the dead letters,
/// the late records and the counters are what one uninterrupted owner gives, with nothing published twice.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ViewTaskRestoreTests
{
    private const string Definition = """
        view: hourly
        source: clicks
        time: { field: ts, max-disorder: 0s, grace: 0s }
        key: [user]
        window: { tumbling: 1h }
        aggregates: { clicks: count(), spent: sum(amount) }
        """;

    [Fact]
    public async Task A_worker_without_the_state_restores_it_from_the_log_and_publishes_nothing_again()
    {
        await using var harness = await PipelineHarness.StartAsync(Definition, partitions: 2);
        await harness.AppendAsync(Events(0, 200));
        var first = await harness.RunUntilCaughtUpAsync(maxPollRecords: 17);
        var view = await harness.ReadViewAsync();
        var changelog = (await harness.ReadTopicAsync(harness.View.ChangelogTopic(1))).Count;
        var dead = (await harness.ReadTopicAsync("clicks.dlq")).Count;
        var late = (await harness.ReadTopicAsync("clicks.late")).Count;

        harness.DeleteTaskState();
        var restored = await harness.RunUntilCaughtUpAsync(maxPollRecords: 23);

        Assert.Equal(first, restored);
        Assert.Equal(view, await harness.ReadViewAsync());
        Assert.Equal(changelog, (await harness.ReadTopicAsync(harness.View.ChangelogTopic(1))).Count);
        Assert.Equal(dead, (await harness.ReadTopicAsync("clicks.dlq")).Count);
        Assert.Equal(late, (await harness.ReadTopicAsync("clicks.late")).Count);
        Assert.True(dead > 0 && late > 0, "the events include dead letters and late records");
    }

    /// <summary>
    /// The owner died after publishing its last commit (offsets 125 to 149 of each partition, one poll) but before its
    /// group commit. The next owner has no store (it restores), or a store exactly at the group's offset (a worker that
    /// restored and died before going live: no restore). Either way it finds the rejections already published.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_takeover_after_the_owner_published_past_its_last_commit_repeats_no_rejection(bool storeAtGroupOffset)
    {
        await using var reference = await PipelineHarness.StartAsync(Definition, partitions: 2);
        await reference.AppendAsync(Events(0, 300));
        var expected = await reference.RunUntilCaughtUpAsync();

        await using var harness = await PipelineHarness.StartAsync(Definition, partitions: 2);
        await harness.AppendAsync(Events(0, 250));
        await harness.RunUntilCaughtUpAsync(maxPollRecords: 11);
        using var snapshot = new Kappa.TestKit.TempDirectory("restore-at-group");
        CopyDirectory(Path.GetDirectoryName(harness.TaskDirectory(0))!, snapshot.Path);
        await harness.AppendAsync(Events(250, 50));
        await harness.RunUntilCaughtUpAsync(maxPollRecords: 1_000);

        await harness.CommitGroupAsync(0, 125);
        await harness.CommitGroupAsync(1, 125);
        harness.DeleteTaskState();
        if (storeAtGroupOffset)
        {
            CopyDirectory(snapshot.Path, Path.GetDirectoryName(harness.TaskDirectory(0))!);
        }

        var counters = await harness.RunUntilCaughtUpAsync(maxPollRecords: 13);

        Assert.Equal(expected, counters);
        Assert.Equal(await reference.ReadViewAsync(), await harness.ReadViewAsync());
        Assert.Equal(Identities(await reference.ReadTopicAsync("clicks.dlq")), Identities(await harness.ReadTopicAsync("clicks.dlq")));
        Assert.Equal(Identities(await reference.ReadTopicAsync("clicks.late")), Identities(await harness.ReadTopicAsync("clicks.late")));
    }

    [Fact]
    public async Task A_worker_whose_state_is_older_than_the_group_restores_from_its_state()
    {
        await using var harness = await PipelineHarness.StartAsync(Definition, partitions: 2);
        await harness.AppendAsync(Events(0, 150));
        await harness.RunUntilCaughtUpAsync(maxPollRecords: 9);
        using var snapshot = new Kappa.TestKit.TempDirectory("restore-snapshot");
        CopyDirectory(Path.GetDirectoryName(harness.TaskDirectory(0))!, snapshot.Path);

        // Another worker took the partitions and went on; then they come back to this one, whose state is older.
        await harness.AppendAsync(Events(150, 150));
        var expected = await harness.RunUntilCaughtUpAsync(maxPollRecords: 9);
        var view = await harness.ReadViewAsync();
        var dead = (await harness.ReadTopicAsync("clicks.dlq")).Count;
        harness.DeleteTaskState();
        CopyDirectory(snapshot.Path, Path.GetDirectoryName(harness.TaskDirectory(0))!);
        await harness.AppendAsync(Events(300, 60));
        var counters = await harness.RunUntilCaughtUpAsync(maxPollRecords: 9);

        await using var reference = await PipelineHarness.StartAsync(Definition, partitions: 2);
        await reference.AppendAsync(Events(0, 360));
        Assert.Equal(await reference.RunUntilCaughtUpAsync(), counters);
        Assert.Equal(await reference.ReadViewAsync(), await harness.ReadViewAsync());
        Assert.Equal((await reference.ReadTopicAsync("clicks.dlq")).Count, (await harness.ReadTopicAsync("clicks.dlq")).Count);
        Assert.True(counters.In > expected.In && dead > 0);
        Assert.NotEqual(view, await harness.ReadViewAsync());
    }

    /// <summary>
    /// Clicks over a few hours in two partitions: every 7th is not JSON (a dead letter), every 11th is an hour behind
    /// (late once its partition has moved on), the rest count.
    /// </summary>
    private static IEnumerable<(int Partition, string? Key, string Json, long Timestamp)> Events(int from, int count)
    {
        var start = DateTimeOffset.Parse("2026-05-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        for (var i = from; i < from + count; i++)
        {
            var time = start.AddMinutes(i * 3).AddHours(i % 11 == 0 ? -1 : 0);
            var json = i % 7 == 0 ? "not json" : $$"""{"user":"u{{i % 5}}","amount":{{i}},"ts":"{{time:O}}"}""";
            yield return (i % 2, null, json, 0);
        }
    }

    private static List<string> Identities(List<(byte[]? Key, byte[]? Value, IReadOnlyList<Log.Abstractions.RecordHeader> Headers)> records) =>
        [.. records.Select(r => System.Text.Encoding.UTF8.GetString(r.Headers.Single(h => h.Name == RejectionLedger.HeaderName).Value.Span)).Order(StringComparer.Ordinal)];

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
