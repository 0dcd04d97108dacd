using Kappa.Contracts.Lifecycle;
using Microsoft.Extensions.Hosting;

namespace Kappa.Processor.Lifecycle;

/// <summary>
/// Runs one unit of work per view version that runs (building, ready or active), following the lifecycle: a version
/// that starts running gets <see cref="StartAsync"/>, one that stops (retired, dropped) has its work stopped and then
/// <see cref="CleanUpAsync"/> once per process and state (so a retired version that is later dropped is cleaned up
/// again, as dropped), and a rollback starts it again. The processor's tasks and the views'
/// materializers are both hosted this way.
/// <para>
/// Invariants: work is started only after the lifecycle has caught up with the control topic; a unit that fails
/// faults this service (and so stops the host) at once; on shutdown every unit is stopped and awaited, even when one
/// of them faulted, before the log and the stores are disposed.
/// </para>
/// </summary>
public abstract class VersionHostService(ViewLifecycle lifecycle, VersionedViews views) : BackgroundService
{
    private readonly Dictionary<(string View, int Version), Run> _runs = [];

    /// <summary>The compiled pipeline of each version.</summary>
    protected VersionedViews Views => views;

    // The state each stopped version was last cleaned up in: a retired version is cleaned again once it is dropped.
    private readonly Dictionary<(string View, int Version), VersionState> _cleaned = [];

    /// <summary>Starts a version's work; the returned task ends when the work ends and faults when it fails.</summary>
    /// <param name="version">The version.</param>
    /// <param name="stopping">Cancelled when the version must stop.</param>
    protected abstract Task<Task> StartAsync(VersionInfo version, CancellationToken stopping);

    /// <summary>Deletes what a version that stopped running leaves behind; must be idempotent (it repeats after a restart).</summary>
    /// <param name="version">The version, retired or dropped.</param>
    /// <param name="cancellationToken">Cancelled on shutdown.</param>
    protected abstract Task CleanUpAsync(VersionInfo version, CancellationToken cancellationToken);

    /// <summary>Called once a version's work has stopped.</summary>
    /// <param name="version">The version.</param>
    protected virtual void Stopped(VersionInfo version)
    {
    }

    /// <inheritdoc />
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
                if (_runs.FirstOrDefault(r => r.Value.Work.IsFaulted || (r.Value.Work.IsCanceled && !stoppingToken.IsCancellationRequested)) is { Value: { } failed } run)
                {
                    // Work ends cancelled only when its version stops, which removes it from the runs first.
                    await (failed.Work.IsCanceled
                        ? Task.FromException(new InvalidOperationException($"the work of view {run.Key.View}.v{run.Key.Version} ended cancelled without being stopped"))
                        : failed.Work);
                }

                // Wake on a lifecycle change, or when some work ends: a failure must stop the host at once.
                await Task.WhenAny([changed, stopping, .. _runs.Values.Select(r => r.Work).Where(t => !t.IsCompleted)]);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the runs stop below.
        }
        finally
        {
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
                    var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    _runs[id] = new Run(stopping, await StartAsync(version, stopping.Token));
                }

                continue;
            }

            if (_runs.Remove(id, out var run))
            {
                await run.StopAsync();
                Stopped(version);
            }

            if (!_cleaned.TryGetValue(id, out var cleaned) || cleaned != version.State)
            {
                _cleaned[id] = version.State;
                await CleanUpAsync(version, stoppingToken);
            }
        }
    }

    private sealed class Run(CancellationTokenSource stopping, Task work)
    {
        public Task Work { get; } = work;

        public async Task StopAsync()
        {
            await stopping.CancelAsync();
            try
            {
                await Work;
            }
            finally
            {
                stopping.Dispose();
            }
        }
    }
}
