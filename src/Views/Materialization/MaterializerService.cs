using Kappa.Log.Abstractions;
using Kappa.Processor.Hosting;
using Kappa.Views.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kappa.Views.Materialization;

/// <summary>
/// Runs a <see cref="ViewMaterializer"/> for every served view version. A failing materializer faults
/// this service and so stops the host, rather than serving views that silently stopped updating.
/// </summary>
internal sealed class MaterializerService(ViewRegistry views, ViewCatalog catalog, ILog log, ViewStore store, ILogger<MaterializerService> logger) : BackgroundService
{
    private const int MaxPollRecords = 10_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var runs = new List<Task>();
        foreach (var view in views.All)
        {
            var version = catalog.ActiveVersion(view.Name);
            var source = await log.Admin.EnsureTopicAsync(new TopicSpec(view.Source, log.Admin.DefaultPartitions), stoppingToken);
            var changelog = await log.Admin.EnsureTopicAsync(
                new TopicSpec(view.ChangelogTopic(version), source.Partitions, new TopicConfig(Compacted: true)),
                stoppingToken);
            var materializer = new ViewMaterializer(view, version, log, store, MaxPollRecords, logger);
            runs.Add(Task.Run(() => materializer.RunAsync(changelog, stoppingToken), CancellationToken.None));
        }

        while (runs.Count > 0)
        {
            var finished = await Task.WhenAny(runs);
            await finished;
            runs.Remove(finished);
        }
    }
}
