using Kappa.Contracts.Lifecycle;
using Kappa.Log.Abstractions;
using Kappa.Processor.Lifecycle;
using Kappa.Processor.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kappa.Processor.Hosting;

/// <summary>
/// Runs the tasks of every view version that runs (building, ready or active): one <see cref="ViewTask"/> per source
/// partition this process owns in the version's worker group (<see cref="VersionTasks"/>), following the lifecycle: a new version's tasks start when it is created, a retired version's tasks
/// stop, and a dropped version's state, changelog and consumer group are deleted. Partitions
/// are the unit of parallelism, so a topic with more partitions than cores keeps every core busy.
/// <para>
/// A retired version's task state is kept until the version is dropped: a rollback resumes it from its stored
/// offsets instead of recomputing it. A task that fails faults this service, which stops the host: a processor
/// never limps on silently.
/// </para>
/// </summary>
internal sealed partial class ProcessorService(
    ViewLifecycle lifecycle,
    VersionedViews views,
    ILog log,
    IOptions<ProcessorOptions> options,
    ProcessorStatus status,
    ILogger<ProcessorService> logger,
    Telemetry.ProcessorMetrics metrics) : VersionHostService(lifecycle, views)
{
    protected override async Task<Task> StartAsync(VersionInfo version, CancellationToken stopping)
    {
        var view = Views.Get(version);
        var source = await log.Admin.EnsureTopicAsync(new TopicSpec(view.Source, log.Admin.DefaultPartitions), stopping);
        // Created as wide as the source; a source that gains partitions later keeps this changelog (see VersionTasks).
        var changelog = await log.Admin.EnsureTopicAsync(
            new TopicSpec(view.ChangelogTopic(version.Version), source.Partitions, new TopicConfig(Compacted: true)),
            stopping);
        await log.Admin.EnsureTopicAsync(ProgressTopic.Spec, stopping);

        // The rejection ledger's bookmarks can only mark topics that exist: a first dead letter must be findable too.
        await log.Admin.EnsureTopicAsync(new TopicSpec(view.DeadLetterTopic, log.Admin.DefaultPartitions), stopping);
        await log.Admin.EnsureTopicAsync(new TopicSpec(view.LateTopic, log.Admin.DefaultPartitions), stopping);
        status.Plan(version.View, version.Version, source.Partitions);
        var tasks = new VersionTasks(view, version, log, options.Value, status, metrics, logger, changelog.Partitions);
        LogStarted(logger, version.View, version.Version, source.Partitions, version.State);
        return Task.Run(() => tasks.RunAsync(stopping), CancellationToken.None);
    }

    protected override void Stopped(VersionInfo version) => status.Forget(version.View, version.Version);

    /// <summary>
    /// Retired: nothing is deleted. The task state and the group's committed offsets stay, because a rollback resumes
    /// from them: a task that resumes on another worker restores silently up to the group's offset, while without it
    /// it would recompute from its start and publish rows the active view already went past. Lag monitoring leaves
    /// retired versions out through the lifecycle instead. Dropped: the group, the rejection ledger's bookmarks, the
    /// tasks' progress records, the task state and the changelog are deleted. Every step is idempotent: after a crash
    /// it repeats.
    /// </summary>
    protected override async Task CleanUpAsync(VersionInfo version, CancellationToken cancellationToken)
    {
        if (version.State != VersionState.Dropped)
        {
            return;
        }

        // The changelog is deleted last: once it and the state are gone, an earlier start cleaned up already, and every
        // start would otherwise repeat a broker call per partition for every version ever dropped.
        var directory = Path.Combine(options.Value.StateDirectory, $"{version.View}.v{version.Version}");
        var changelog = CompiledView.ChangelogTopicOf(version.View, version.Version);
        if (!Directory.Exists(directory) && await log.Admin.DescribeTopicAsync(changelog, cancellationToken) is null)
        {
            return;
        }

        await log.Admin.DeleteConsumerGroupAsync(ViewTask.GroupId(version.View, version.Version), cancellationToken);
        if (await log.Admin.DescribeTopicAsync(Views.Get(version).Source, cancellationToken) is { } source)
        {
            var tombstones = new List<ProducerRecord>(source.Partitions);
            for (var partition = 0; partition < source.Partitions; partition++)
            {
                await log.Admin.DeleteConsumerGroupAsync(RejectionLedger.GroupOf(version.View, version.Version, partition), cancellationToken);
                tombstones.Add(ProgressTopic.Tombstone(version.View, version.Version, partition));
            }

            if (await log.Admin.DescribeTopicAsync(ProgressTopic.Name, cancellationToken) is not null)
            {
                using var producer = log.CreateProducer();
                await producer.AppendAsync(ProgressTopic.Name, tombstones.ToArray(), cancellationToken);
            }
        }

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        if (await log.Admin.DescribeTopicAsync(changelog, cancellationToken) is not null)
        {
            await log.Admin.DeleteTopicAsync(changelog, cancellationToken);
        }

        LogDropped(logger, version.View, version.Version);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "view {View}.v{Version} ({State}): joined the workers of its {Partitions} partitions")]
    private static partial void LogStarted(ILogger logger, string view, int version, int partitions, VersionState state);

    [LoggerMessage(Level = LogLevel.Information, Message = "view {View}.v{Version} dropped: its task state, changelog, consumer group, bookmarks and progress are deleted")]
    private static partial void LogDropped(ILogger logger, string view, int version);
}
