using Kappa.Contracts.Lifecycle;
using Kappa.Log.Abstractions;
using Kappa.Processor.Lifecycle;
using Kappa.Processor.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kappa.Processor.Hosting;

/// <summary>
/// Runs one <see cref="ViewTask"/> per source partition of every view version that runs (building, ready or
/// active), following the lifecycle: a new version's tasks start when it is created, a retired version's tasks
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
    ILogger<ProcessorService> logger) : BackgroundService
{
    private readonly Dictionary<(string View, int Version), VersionRun> _runs = [];
    private readonly HashSet<(string View, int Version)> _cleaned = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await lifecycle.CaughtUp.WaitAsync(stoppingToken);
        var stopping = Task.Delay(Timeout.Infinite, stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var changed = lifecycle.Changed;
                await ReconcileAsync(lifecycle.Current, stoppingToken);
                var running = _runs.Values.SelectMany(r => r.Tasks).Where(t => !t.IsCompleted).ToList();
                var failed = _runs.Values.SelectMany(r => r.Tasks).FirstOrDefault(t => t.IsFaulted);
                if (failed is not null)
                {
                    await failed;
                }

                // Wake on a lifecycle change, or when a task ends: a failure must stop the host at once.
                await Task.WhenAny([changed, stopping, .. running]);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the runs stop below.
        }
        finally
        {
            // Every run is stopped and awaited, even when one of them faulted, before the log and stores go away.
            await Task.WhenAll(_runs.Values.Select(run => run.StopAsync()));
        }
    }

    private async Task ReconcileAsync(LifecycleState state, CancellationToken stoppingToken)
    {
        foreach (var version in state.AllVersions.Where(v => views.Registry.TryGet(v.View, out _)))
        {
            var id = (version.View, version.Version);
            if (version.Runs)
            {
                _cleaned.Remove(id);
                if (!_runs.ContainsKey(id))
                {
                    _runs[id] = await StartAsync(version, stoppingToken);
                }

                continue;
            }

            if (_runs.Remove(id, out var run))
            {
                await run.StopAsync();
                status.Forget(version.View, version.Version);
            }

            if (_cleaned.Add(id))
            {
                await CleanUpAsync(version, stoppingToken);
            }
        }
    }

    private async Task<VersionRun> StartAsync(VersionInfo version, CancellationToken stoppingToken)
    {
        var view = views.Get(version);
        var source = await log.Admin.EnsureTopicAsync(new TopicSpec(view.Source, log.Admin.DefaultPartitions), stoppingToken);
        await log.Admin.EnsureTopicAsync(
            new TopicSpec(view.ChangelogTopic(version.Version), source.Partitions, new TopicConfig(Compacted: true)),
            stoppingToken);
        var run = new VersionRun(CancellationTokenSource.CreateLinkedTokenSource(stoppingToken));
        status.Plan(version.View, version.Version, source.Partitions);
        for (var partition = 0; partition < source.Partitions; partition++)
        {
            var plan = new TaskPlan(version.StartOffset(partition), version.EndOffset(partition));
            var task = new ViewTask(view, version.Version, partition, log, options.Value, logger, status, plan);
            run.Tasks.Add(Task.Run(() => task.RunAsync(run.Stopping.Token), CancellationToken.None));
        }

        LogStarted(logger, version.View, version.Version, source.Partitions, version.State);
        return run;
    }

    /// <summary>
    /// Deletes what a version that stopped running leaves behind. Retired: its consumer group, so lag monitoring
    /// forgets it. Dropped: also its task state and its changelog. Every step is idempotent: after a crash it repeats.
    /// </summary>
    private async Task CleanUpAsync(VersionInfo version, CancellationToken stoppingToken)
    {
        await log.Admin.DeleteConsumerGroupAsync(ViewTask.GroupId(version.View, version.Version), stoppingToken);
        if (version.State != VersionState.Dropped)
        {
            return;
        }

        var directory = Path.Combine(options.Value.StateDirectory, $"{version.View}.v{version.Version}");
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        var changelog = $"_kappa.view.{version.View}.v{version.Version}";
        if (await log.Admin.DescribeTopicAsync(changelog, stoppingToken) is not null)
        {
            await log.Admin.DeleteTopicAsync(changelog, stoppingToken);
        }

        LogDropped(logger, version.View, version.Version);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "view {View}.v{Version} ({State}): {Partitions} tasks started")]
    private static partial void LogStarted(ILogger logger, string view, int version, int partitions, VersionState state);

    [LoggerMessage(Level = LogLevel.Information, Message = "view {View}.v{Version} dropped: task state and changelog deleted")]
    private static partial void LogDropped(ILogger logger, string view, int version);

    /// <summary>The tasks of one running version and the switch that stops them.</summary>
    private sealed class VersionRun(CancellationTokenSource stopping)
    {
        public CancellationTokenSource Stopping { get; } = stopping;

        public List<Task> Tasks { get; } = [];

        public async Task StopAsync()
        {
            await Stopping.CancelAsync();
            try
            {
                await Task.WhenAll(Tasks);
            }
            finally
            {
                Stopping.Dispose();
            }
        }
    }
}
