using Kappa.Processor.Hosting;
using Xunit;

namespace Kappa.Processor.Tests.Pipeline;

/// <summary>When a task commits: besides its intervals, whenever its dirty rows reach <see cref="ProcessorOptions.CommitMaxDirtyRows"/>.</summary>
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
}
