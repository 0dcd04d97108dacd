using Kappa.Contracts.Lifecycle;
using Kappa.Log.Abstractions;
using Kappa.Processor.Lifecycle;
using Kappa.Views.Store;
using Kappa.Views.Telemetry;
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
    ViewLatencyMetrics metrics,
    TimeProvider time,
    ILogger<MaterializerService> logger) : VersionHostService(lifecycle, views)
{
    private const int MaxPollRecords = 10_000;

    protected override async Task<Task> StartAsync(VersionInfo version, CancellationToken stopping)
    {
        var view = Views.Get(version);
        var source = await log.Admin.EnsureTopicAsync(new TopicSpec(view.Source, log.Admin.DefaultPartitions), stopping);
        var changelog = await log.Admin.EnsureTopicAsync(
            new TopicSpec(view.ChangelogTopic(version.Version), source.Partitions, new TopicConfig(Compacted: true)),
            stopping);
        var telemetry = new ChangelogTelemetry(metrics, view.Name, version.Version, changelog.Name, time);
        var materializer = new ViewMaterializer(view, version.Version, log, store, MaxPollRecords, logger, ViewMaterializer.DefaultShards, telemetry);
        return Task.Run(() => materializer.RunAsync(changelog, stopping), CancellationToken.None);
    }

    protected override async Task CleanUpAsync(VersionInfo version, CancellationToken cancellationToken)
    {
        await log.Admin.DeleteConsumerGroupAsync(ViewMaterializer.GroupId(version.View, version.Version, store.InstanceId), cancellationToken);
        if (version.State == VersionState.Dropped)
        {
            store.DropVersion(version.View, version.Version);
            LogDropped(logger, version.View, version.Version);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "view {View}.v{Version} dropped: its rows are deleted")]
    private static partial void LogDropped(ILogger logger, string view, int version);
}
