using Kappa.Log.Abstractions;

namespace Kappa.Log.Kafka;

/// <summary>
/// A worker group on Kafka: a <see cref="KafkaGroupMember"/> subscribed to the shared topic that only holds ownership.
/// It pauses every partition it is given, so it fetches (almost) nothing: the owners read through their own
/// consumers. Kafka's group protocol does the rest: heartbeats from librdkafka's background thread, the
/// cooperative-sticky assignor, and revocation before a partition moves, which a <see cref="PollAsync"/> delivers.
/// </summary>
internal sealed class KafkaWorkerGroup : IWorkerGroup
{
    private readonly KafkaGroupMember _member;
    private readonly IPartitionOwner _owner;
    private readonly SortedSet<int> _assignment = [];

    public KafkaWorkerGroup(
        string groupId,
        IPartitionOwner owner,
        Func<Action<IReadOnlyList<TopicPartition>>, Action<IReadOnlyList<TopicPartition>>, Action<IReadOnlyList<TopicPartition>>, KafkaGroupMember> join)
    {
        GroupId = groupId;
        _owner = owner;
        _member = join(OnAssigned, OnRevoked, OnLost);
    }

    public string GroupId { get; }

    public IReadOnlyCollection<int> Assignment => _assignment;

    public async ValueTask PollAsync(TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        // Records of a partition assigned during the poll may come back before it is paused; nobody reads them here.
        _ = await _member.PollAsync(1, maxWait, cancellationToken);
        _member.PauseAssignment();
    }

    /// <summary>Leaves the group; librdkafka revokes every partition first, which reaches the owner.</summary>
    public void Dispose() => _member.Dispose();

    private void OnAssigned(IReadOnlyList<TopicPartition> partitions)
    {
        var added = partitions.Select(p => p.Partition).Order().ToList();
        _assignment.UnionWith(added);
        if (added.Count > 0)
        {
            _owner.Assigned(added);
        }
    }

    private void OnRevoked(IReadOnlyList<TopicPartition> partitions)
    {
        if (Remove(partitions) is { Count: > 0 } removed)
        {
            _owner.Revoked(removed);
        }
    }

    private void OnLost(IReadOnlyList<TopicPartition> partitions)
    {
        if (Remove(partitions) is { Count: > 0 } removed)
        {
            _owner.Lost(removed);
        }
    }

    private List<int> Remove(IReadOnlyList<TopicPartition> partitions)
    {
        var removed = partitions.Select(p => p.Partition).Where(_assignment.Contains).Order().ToList();
        _assignment.ExceptWith(removed);
        return removed;
    }
}
