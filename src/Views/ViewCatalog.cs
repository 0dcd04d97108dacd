using Kappa.Contracts.Queries;
using Kappa.Processor.Hosting;
using Kappa.Processor.Pipeline;
using Kappa.Views.Store;

namespace Kappa.Views;

/// <summary>
/// Which version of each view is active, and what every version holds. Until replay creates further
/// versions, each view has exactly one version, 1, and it is active.
/// </summary>
internal sealed class ViewCatalog(ViewRegistry views, ViewStore store, ProcessorStatus? status = null)
{
    public int ActiveVersion(string view) =>
        views.TryGet(view, out _) ? ViewRegistry.CurrentVersion : throw new KeyNotFoundException($"view '{view}' does not exist");

    public bool TryGet(string name, out CompiledView view) => views.TryGet(name, out view);

    public ViewsResponse Describe() => new([.. views.All.Select(view => new ViewSummary(
        view.Name,
        view.Source,
        ActiveVersion(view.Name),
        [new ViewVersionSummary(ViewRegistry.CurrentVersion, "active", store.CountRows(view.Name, ViewRegistry.CurrentVersion))],
        status?.Counters(view.Name) is { } c ? new RecordCounters(c.In, c.Applied, c.Filtered, c.DeadLettered, c.Late) : null,
        view.Describe()))]);
}
