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
/// stop and its consumer group is deleted, and a dropped version's state and changelog are deleted too. Partitions
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
        await log.Admin.EnsureTopicAsync(
            new TopicSpec(view.ChangelogTopic(version.Version), source.Partitions, new TopicConfig(Compacted: true)),
            stopping);
        await log.Admin.EnsureTopicAsync(ProgressTopic.Spec, stopping);

        // The rejection ledger's bookmarks can only mark topics that exist: a first dead letter must be findable too.
        await log.Admin.EnsureTopicAsync(new TopicSpec(view.DeadLetterTopic, log.Admin.DefaultPartitions), stopping);
        await log.Admin.EnsureTopicAsync(new TopicSpec(view.LateTopic, log.Admin.DefaultPartitions), stopping);
        status.Plan(version.View, version.Version, source.Partitions);
        var tasks = new VersionTasks(view, version, log, options.Value, status, metrics, logger);
        LogStarted(logger, version.View, version.Version, source.Partitions, version.State);
        return Task.Run(() => tasks.RunAsync(stopping), CancellationToken.None);
    }

    protected override void Stopped(VersionInfo version) => status.Forget(version.View, version.Version);

    /// <summary>
    /// Retired: deletes the consumer group, so lag monitoring forgets it. Dropped: also the task state and the
    /// changelog. Every step is idempotent: after a crash it repeats.
    /// </summary>
    protected override async Task CleanUpAsync(VersionInfo version, CancellationToken cancellationToken)
    {
        await log.Admin.DeleteConsumerGroupAsync(ViewTask.GroupId(version.View, version.Version), cancellationToken);
        if (version.State != VersionState.Dropped)
        {
            return;
        }

        var directory = Path.Combine(options.Value.StateDirectory, $"{version.View}.v{version.Version}");
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        var changelog = CompiledView.ChangelogTopicOf(version.View, version.Version);
        if (await log.Admin.DescribeTopicAsync(changelog, cancellationToken) is not null)
        {
            await log.Admin.DeleteTopicAsync(changelog, cancellationToken);
        }

        LogDropped(logger, version.View, version.Version);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "view {View}.v{Version} ({State}): joined the workers of its {Partitions} partitions")]
    private static partial void LogStarted(ILogger logger, string view, int version, int partitions, VersionState state);

    [LoggerMessage(Level = LogLevel.Information, Message = "view {View}.v{Version} dropped: task state and changelog deleted")]
    private static partial void LogDropped(ILogger logger, string view, int version);
}
