using System.Globalization;
using Kappa.Processor.Hosting;
using Xunit;

namespace Kappa.Processor.Tests.Pipeline;

/// <summary>When a task commits: besides its intervals, whenever its dirty rows reach <see cref="ProcessorOptions.CommitMaxDirtyRows"/>.</summary>
[Trait("Category", "Integration")]
public sealed class ViewTaskCommitTests
{
    private const string Yaml = """
        view: by_key
        source: clicks
        time: { field: ts, max-disorder: 1h, grace: 1h }
        key: [k]
        window: { tumbling: 1h }
        aggregates: { n: count() }
        """;

    [Fact]
    public async Task A_task_commits_when_its_dirty_rows_reach_the_limit_however_long_its_interval()
    {
        await using var harness = await PipelineHarness.StartAsync(Yaml, partitions: 1);
        var ten = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
        await harness.AppendAsync(Enumerable.Range(0, 5_000).Select(i =>
            (0, (string?)null, $$"""{"k":"k{{i:D5}}","ts":"{{ten.AddMilliseconds(i).ToString("O", CultureInfo.InvariantCulture)}}"}""", 0L)));

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
}
