using Kappa.Contracts.Queries;
using Kappa.Log.Abstractions;
using Kappa.Processor.Hosting;
using Kappa.Processor.Pipeline;
using Kappa.Views.Store;

namespace Kappa.Views;

/// <summary>
/// Which version of each view is active, and what every version holds. Until replay creates further
/// versions, each view has exactly one version, 1, and it is active.
/// </summary>
internal sealed class ViewCatalog(ViewRegistry views, ViewStore store, ILog log, ProcessorStatus? status = null) : IDisposable
{
    private readonly Lock _watermarksLock = new();
    private ILogConsumer? _watermarks;

    public int ActiveVersion(string view) =>
        views.TryGet(view, out _) ? ViewRegistry.CurrentVersion : throw new KeyNotFoundException($"view '{view}' does not exist");

    public bool TryGet(string name, out CompiledView view) => views.TryGet(name, out view);

    public ViewsResponse Describe() => new([.. views.All.Select(view => new ViewSummary(
        view.Name,
        view.Source,
        ActiveVersion(view.Name),
        [new ViewVersionSummary(ViewRegistry.CurrentVersion, "active", store.CountRows(view.Name, ViewRegistry.CurrentVersion))],
        status?.Counters(view.Name) is { } c ? new RecordCounters(c.In, c.Applied, c.Filtered, c.DeadLettered, c.Late) : null,
        view.Describe(),
        Freshness(view)))]);

    public void Dispose() => _watermarks?.Dispose();

    private ViewFreshness? Freshness(CompiledView view)
    {
        var partitions = status?.Partitions(view.Name);
        if (partitions is null || partitions.Count == 0)
        {
            return null;
        }

        long lag = 0;
        var watermark = long.MaxValue;
        lock (_watermarksLock)
        {
            // A consumer is used by one thread at a time; HTTP requests share this one under the lock.
            _watermarks ??= log.CreateConsumer("_kappa.views.freshness");
            foreach (var (partition, progress) in partitions)
            {
                var (low, high) = _watermarks.GetWatermarks(new TopicPartition(view.Source, partition));
                lag += Math.Max(0, high - Math.Max(low, progress.NextOffset));
                watermark = Math.Min(watermark, progress.Watermark);
            }
        }

        var time = watermark is long.MinValue or long.MaxValue ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeMilliseconds(watermark);
        return new ViewFreshness(time, lag);
    }
}
