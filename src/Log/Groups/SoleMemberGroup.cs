using Kappa.Log.Abstractions;

namespace Kappa.Log.Groups;

/// <summary>
/// A worker group of one member, for a log that one process owns (the embedded log): the member owns every partition
/// of the topic, including partitions added while it runs, and gives them all up when disposed. It honours the
/// <see cref="IWorkerGroup"/> contract trivially, as no other member can exist.
/// </summary>
public sealed class SoleMemberGroup : IWorkerGroup
{
    private readonly Func<int> _partitions;
    private readonly IPartitionOwner _owner;
    private readonly SortedSet<int> _assignment = [];
    private bool _disposed;

    /// <summary>Creates the group.</summary>
    /// <param name="groupId">The group's id.</param>
    /// <param name="partitions">The topic's partition count now (it may grow).</param>
    /// <param name="owner">Told about the partitions.</param>
    public SoleMemberGroup(string groupId, Func<int> partitions, IPartitionOwner owner)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        ArgumentNullException.ThrowIfNull(partitions);
        ArgumentNullException.ThrowIfNull(owner);
        GroupId = groupId;
        _partitions = partitions;
        _owner = owner;
    }

    /// <inheritdoc />
    public string GroupId { get; }

    /// <inheritdoc />
    public IReadOnlyCollection<int> Assignment => _assignment;

    /// <inheritdoc />
    public async ValueTask PollAsync(TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var count = _partitions();
        if (count > _assignment.Count)
        {
            var added = Enumerable.Range(_assignment.Count, count - _assignment.Count).ToList();
            _assignment.UnionWith(added);
            _owner.Assigned(added);
            return;
        }

        await Task.Delay(maxWait, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_assignment.Count > 0)
        {
            var all = _assignment.ToList();
            _assignment.Clear();
            _owner.Revoked(all);
        }
    }
}
