using Kappa.Log.Abstractions;

namespace Kappa.Log.Lag;

/// <summary>
/// Which consumer groups the lag monitor watches. Pluggable because listing groups is where backends differ:
/// librdkafka's mock cluster, for one, lists groups unreliably, and a deployment may prefer a fixed set.
/// </summary>
public interface IConsumerGroupSource
{
    /// <summary>The group ids to watch now; a group that stops being listed is dropped from the model.</summary>
    Task<IReadOnlyList<string>> ListGroupsAsync(CancellationToken cancellationToken);
}

/// <summary>The default source: every group the log's admin lists (every group that has committed offsets).</summary>
public sealed class AdminConsumerGroupSource(ILogAdmin admin) : IConsumerGroupSource
{
    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListGroupsAsync(CancellationToken cancellationToken) =>
        admin.ListConsumerGroupsAsync(cancellationToken);
}
