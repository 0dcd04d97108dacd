using System.Runtime.ExceptionServices;
using Kappa.Log.Abstractions;
using Kappa.Processor.Lifecycle;
using Kappa.Processor.Pipeline;
using Microsoft.Extensions.Logging;

namespace Kappa.Processor.Hosting;

/// <summary>
/// The tasks of one view version in this process: one <see cref="ViewTask"/> per source partition that the version's
/// worker group gives this process. On the embedded log that is every partition; on Kafka, workers share them, and a
/// rebalance moves partitions between processes.
/// <para>
/// Invariants: a partition's task is stopped, and its last commit done, before <see cref="Revoked"/> returns, so the
/// next owner resumes from committed progress (a task restores what its local state lacks, see
/// <see cref="ViewTask"/>). The group's callbacks never throw. A task that fails (or ends cancelled without being
/// stopped) ends <see cref="RunAsync"/> with its exception after the next poll, which stops the host: a worker never
/// keeps a partition it cannot process. When <see cref="RunAsync"/> ends, every task has stopped, and only then does
/// the member leave the group.
/// </para>
/// </summary>
internal sealed partial class VersionTasks(
    CompiledView view,
    VersionInfo version,
    ILog log,
    ProcessorOptions options,
    ProcessorStatus status,
    Telemetry.ProcessorMetrics metrics,
    ILogger logger,
    int changelogPartitions) : IPartitionOwner
{
    /// <summary>How often the member polls: the bound on noticing a failed task, far inside any session timeout.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private readonly Dictionary<int, (ViewTask Task, CancellationTokenSource Stopping, Task Work)> _tasks = [];
    private CancellationToken _stopping;
    private ExceptionDispatchInfo? _failure;

    /// <summary>The worker group sharing a version's partitions; it commits nothing (its tasks commit in <see cref="ViewTask.GroupId"/>).</summary>
    public static string WorkerGroupId(string viewName, int versionNumber) => $"_kappa.workers.{viewName}.v{versionNumber}";

    /// <summary>Takes part in the version's worker group until <paramref name="stopping"/>, running a task per owned partition.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        _stopping = stopping;
        var group = log.JoinWorkerGroup(WorkerGroupId(version.View, version.Version), view.Source, this);
        try
        {
            while (!stopping.IsCancellationRequested && _failure is null)
            {
                try
                {
                    await group.PollAsync(PollInterval, stopping);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    break;
                }

                if (_tasks.Values.Select(t => t.Work).FirstOrDefault(w => w.IsCompleted && !w.IsCompletedSuccessfully) is { } failed)
                {
                    Fail(failed);
                }
            }
        }
        finally
        {
            // Every task stops and commits before the member leaves: leaving hands the partitions to others at once.
            Stop([.. _tasks.Keys]);
            group.Dispose();
        }

        _failure?.Throw();
    }

    public void Assigned(IReadOnlyList<int> partitions)
    {
        foreach (var partition in partitions)
        {
            if (_tasks.ContainsKey(partition))
            {
                continue;
            }

            var plan = new TaskPlan(version.StartOffset(partition), version.EndOffset(partition));
            var task = new ViewTask(view, version.Version, partition, log, options, logger, status, plan, metrics.ForTask(view, version.Version, partition), changelogPartitions);
            var taskStopping = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
            _tasks[partition] = (task, taskStopping, Task.Run(() => task.RunAsync(taskStopping.Token), CancellationToken.None));
        }

        LogAssigned(logger, version.View, version.Version, partitions, _tasks.Count);
    }

    /// <summary>Never throws (it runs inside the group's callback): a task that failed fails <see cref="RunAsync"/>.</summary>
    public void Revoked(IReadOnlyList<int> partitions)
    {
        Stop(partitions);
        LogRevoked(logger, version.View, version.Version, partitions, _tasks.Count);
    }

    /// <summary>Never throws: the partitions' tasks stop without committing anything more, as another worker may own them.</summary>
    public void Lost(IReadOnlyList<int> partitions)
    {
        Stop(partitions, abandon: true);
        LogLost(logger, version.View, version.Version, partitions, _tasks.Count);
    }

    /// <summary>
    /// Stops the partitions' tasks and waits for them: for their final commits, or, when <paramref name="abandon"/>,
    /// without one. A failure is kept for <see cref="RunAsync"/>.
    /// </summary>
    private void Stop(IReadOnlyList<int> partitions, bool abandon = false)
    {
        var stopping = new List<Task>();
        foreach (var partition in partitions)
        {
            if (_tasks.Remove(partition, out var task))
            {
                if (abandon)
                {
                    task.Task.Abandon();
                }

                task.Stopping.Cancel();
                stopping.Add(task.Work.ContinueWith(
                    t =>
                    {
                        task.Stopping.Dispose();

                        // Its last progress stays known here: only the restore marker goes, if any.
                        status.Restored(version.View, version.Version, partition);
                        if (!t.IsCompletedSuccessfully)
                        {
                            Fail(t);
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default));
            }
        }

        // Revocation must not return before the tasks committed: the group's callbacks are synchronous.
        Task.WhenAll(stopping).GetAwaiter().GetResult();
    }

    /// <summary>Keeps the first failure. A task ends only when stopped or done, so one that ends cancelled failed too.</summary>
    private void Fail(Task task)
    {
        var error = task.Exception?.InnerException
            ?? new InvalidOperationException($"a task of view {version.View}.v{version.Version} ended cancelled without being stopped");
        Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(error), null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "view {View}.v{Version}: partitions {Partitions} assigned here; {Count} tasks run")]
    private static partial void LogAssigned(ILogger logger, string view, int version, IReadOnlyList<int> partitions, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "view {View}.v{Version}: partitions {Partitions} lost (this worker's session timed out), their tasks stopped without committing; {Count} tasks run")]
    private static partial void LogLost(ILogger logger, string view, int version, IReadOnlyList<int> partitions, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "view {View}.v{Version}: partitions {Partitions} revoked, their tasks stopped and committed; {Count} tasks run")]
    private static partial void LogRevoked(ILogger logger, string view, int version, IReadOnlyList<int> partitions, int count);
}
