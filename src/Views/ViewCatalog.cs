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
    /// <summary>The version every view starts at.</summary>
    public const int FirstVersion = 1;

    public int ActiveVersion(string view) =>
        views.TryGet(view, out _) ? FirstVersion : throw new KeyNotFoundException($"view '{view}' does not exist");

    public bool TryGet(string name, out CompiledView view) => views.TryGet(name, out view);

    public ViewsResponse Describe() => new([.. views.All.Select(view => new ViewSummary(
        view.Name,
        view.Source,
        ActiveVersion(view.Name),
        [new ViewVersionSummary(FirstVersion, "active", store.CountRows(view.Name, FirstVersion))],
        status?.Counters(view.Name) is { } c ? new RecordCounters(c.In, c.Applied, c.Filtered, c.DeadLettered, c.Late) : null,
        view.Describe()))]);
}
