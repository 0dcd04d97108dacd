using Kappa.Log.Lag;
using Kappa.Processor.Lifecycle;
using Kappa.Processor.Pipeline;
using Kappa.Views.Materialization;

namespace Kappa.Views.Lag;

/// <summary>
/// Leaves the consumer groups of view versions that no longer run (retired or dropped) out of lag monitoring. A
/// retired version's task group keeps its committed offsets until the version is dropped, because a rollback resumes
/// from them; but nothing consumes for it, so it would show as a lag that never shrinks. The same goes for its
/// materializers' groups, one per views server (see <see cref="ViewMaterializer.GroupId"/>). Groups that belong to no
/// known version, and every group before the lifecycle has caught up, pass through unchanged.
/// </summary>
internal sealed class RunningVersionsGroupSource(IConsumerGroupSource inner, ViewLifecycle lifecycle) : IConsumerGroupSource
{
    public async Task<IReadOnlyList<string>> ListGroupsAsync(CancellationToken cancellationToken)
    {
        var groups = await inner.ListGroupsAsync(cancellationToken);
        var stopped = new HashSet<string>(StringComparer.Ordinal);
        var stoppedMaterializers = new List<string>();
        foreach (var version in lifecycle.Current.AllVersions.Where(v => !v.Runs))
        {
            stopped.Add(CompiledView.TaskGroupOf(version.View, version.Version));
            stoppedMaterializers.Add(ViewMaterializer.GroupPrefix(version.View, version.Version));
        }

        return stopped.Count == 0
            ? groups
            : [.. groups.Where(g => !stopped.Contains(g) && !stoppedMaterializers.Exists(prefix => g.StartsWith(prefix, StringComparison.Ordinal)))];
    }
}
