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
/// <see cref="ViewTask"/>). A task that fails ends <see cref="RunAsync"/> with its exception at the next poll, which
/// stops the host: a worker never keeps a partition it cannot process. When <see cref="RunAsync"/> ends, every task
/// has stopped.
/// </para>
/// </summary>
internal sealed partial class VersionTasks(
    CompiledView view,
    VersionInfo version,
    ILog log,
    ProcessorOptions options,
    ProcessorStatus status,
    Telemetry.ProcessorMetrics metrics,
    ILogger logger) : IPartitionOwner
{
    /// <summary>How often the member polls: the bound on noticing a failed task, far inside any session timeout.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private readonly Dictionary<int, (CancellationTokenSource Stopping, Task Work)> _tasks = [];
    private CancellationToken _stopping;

    /// <summary>The worker group sharing a version's partitions; it commits nothing (its tasks commit in <see cref="ViewTask.GroupId"/>).</summary>
    public static string WorkerGroupId(string viewName, int versionNumber) => $"_kappa.workers.{viewName}.v{versionNumber}";

    /// <summary>Takes part in the version's worker group until <paramref name="stopping"/>, running a task per owned partition.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        _stopping = stopping;
        var group = log.JoinWorkerGroup(WorkerGroupId(version.View, version.Version), view.Source, this);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    await group.PollAsync(PollInterval, stopping);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    break;
                }

                if (_tasks.Values.Select(t => t.Work).FirstOrDefault(w => w.IsFaulted) is { } failed)
                {
                    await failed;
                }
            }
        }
        finally
        {
            // Leaving revokes what the member still owns, which stops those tasks; stop any the group no longer knew.
            group.Dispose();
            Stop([.. _tasks.Keys]);
        }
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
            var task = new ViewTask(view, version.Version, partition, log, options, logger, status, plan, metrics.ForTask(view, version.Version, partition));
            var taskStopping = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
            _tasks[partition] = (taskStopping, Task.Run(() => task.RunAsync(taskStopping.Token), CancellationToken.None));
        }

        LogAssigned(logger, version.View, version.Version, partitions, _tasks.Count);
    }

    public void Revoked(IReadOnlyList<int> partitions)
    {
        Stop(partitions);
        LogRevoked(logger, version.View, version.Version, partitions, _tasks.Count);
    }

    /// <summary>Stops the partitions' tasks and waits for their final commits; rethrows the first failure.</summary>
    private void Stop(IReadOnlyList<int> partitions)
    {
        var stopping = new List<Task>();
        foreach (var partition in partitions)
        {
            if (_tasks.Remove(partition, out var task))
            {
                task.Stopping.Cancel();
                stopping.Add(task.Work.ContinueWith(
                    t =>
                    {
                        task.Stopping.Dispose();
                        status.Forget(version.View, version.Version, partition);
                        t.GetAwaiter().GetResult();
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default));
            }
        }

        // Revocation must not return before the tasks committed: the group's callbacks are synchronous.
        Task.WhenAll(stopping).GetAwaiter().GetResult();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "view {View}.v{Version}: partitions {Partitions} assigned here; {Count} tasks run")]
    private static partial void LogAssigned(ILogger logger, string view, int version, IReadOnlyList<int> partitions, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "view {View}.v{Version}: partitions {Partitions} revoked, their tasks stopped and committed; {Count} tasks run")]
    private static partial void LogRevoked(ILogger logger, string view, int version, IReadOnlyList<int> partitions, int count);
}
