using Kappa.Contracts.Lifecycle;
using Kappa.Log.Abstractions;
using Kappa.Processor.Lifecycle;
using Kappa.Views.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kappa.Views.Materialization;

/// <summary>
/// Runs a <see cref="ViewMaterializer"/> for every view version that runs (building, ready or active), following the
/// lifecycle: a retired version's materializer stops (its rows stay, for rollback) and its consumer group is deleted;
/// a dropped version's rows are deleted. A failing materializer faults this service and so stops the host, rather
/// than serving views that silently stopped updating.
/// </summary>
internal sealed partial class MaterializerService(
    ViewLifecycle lifecycle,
    VersionedViews views,
    ILog log,
    ViewStore store,
    ILogger<MaterializerService> logger) : BackgroundService
{
    private const int MaxPollRecords = 10_000;

    private readonly Dictionary<(string View, int Version), Run> _runs = [];
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
                if (_runs.Values.FirstOrDefault(r => r.Task.IsFaulted) is { } failed)
                {
                    await failed.Task;
                }

                await Task.WhenAny([changed, stopping, .. _runs.Values.Select(r => r.Task)]);
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
            }

            if (_cleaned.Add(id))
            {
                await log.Admin.DeleteConsumerGroupAsync(ViewMaterializer.GroupId(version.View, version.Version), stoppingToken);
                if (version.State == VersionState.Dropped)
                {
                    store.DropVersion(version.View, version.Version);
                    LogDropped(logger, version.View, version.Version);
                }
            }
        }
    }

    private async Task<Run> StartAsync(VersionInfo version, CancellationToken stoppingToken)
    {
        var view = views.Get(version);
        var source = await log.Admin.EnsureTopicAsync(new TopicSpec(view.Source, log.Admin.DefaultPartitions), stoppingToken);
        var changelog = await log.Admin.EnsureTopicAsync(
            new TopicSpec(view.ChangelogTopic(version.Version), source.Partitions, new TopicConfig(Compacted: true)),
            stoppingToken);
        var materializer = new ViewMaterializer(view, version.Version, log, store, MaxPollRecords, logger);
        var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        return new Run(stopping, Task.Run(() => materializer.RunAsync(changelog, stopping.Token), CancellationToken.None));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "view {View}.v{Version} dropped: its rows are deleted")]
    private static partial void LogDropped(ILogger logger, string view, int version);

    private sealed class Run(CancellationTokenSource stopping, Task task)
    {
        public Task Task { get; } = task;

        public async Task StopAsync()
        {
            await stopping.CancelAsync();
            try
            {
                await Task;
            }
            finally
            {
                stopping.Dispose();
            }
        }
    }
}
