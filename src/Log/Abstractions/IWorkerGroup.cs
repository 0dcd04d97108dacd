namespace Kappa.Log.Abstractions;

/// <summary>
/// Membership of a group of workers that share the partitions of one topic: Kafka's consumer-group protocol on
/// Kafka (cooperative-sticky, so a rebalance moves only the partitions that must move), or on the embedded log a
/// group of one process that owns every partition. A member reads no records; it only learns which partitions it
/// owns, and each owner reads and commits them on its own.
/// <para>
/// Invariants: changes reach the <see cref="IPartitionOwner"/> only while <see cref="PollAsync"/> or
/// <see cref="IDisposable.Dispose"/> runs, one at a time (not necessarily on the calling thread). A partition is never
/// assigned to two live members at once: before Kafka gives a partition to another member, this one's
/// <see cref="IPartitionOwner.Revoked"/> has returned, or the member has lost the group (it stopped polling or its
/// session timed out), in which case <see cref="IPartitionOwner.Lost"/> follows at its next poll. Disposing leaves
/// the group after revoking every partition it still owns.
/// </para>
/// </summary>
public interface IWorkerGroup : IDisposable
{
    /// <summary>The group's id.</summary>
    string GroupId { get; }

    /// <summary>The partitions this member owns now.</summary>
    IReadOnlyCollection<int> Assignment { get; }

    /// <summary>
    /// Keeps the membership alive and delivers assignment changes, returning after at most <paramref name="maxWait"/>.
    /// A member must poll well within its session timeout, or the group takes its partitions away.
    /// </summary>
    ValueTask PollAsync(TimeSpan maxWait, CancellationToken cancellationToken = default);
}

/// <summary>What a worker does with the partitions an <see cref="IWorkerGroup"/> gives it and takes from it.</summary>
public interface IPartitionOwner
{
    /// <summary>The member now owns <paramref name="partitions"/>, besides those it owned: work on them may start.</summary>
    /// <param name="partitions">The partitions gained, in ascending order.</param>
    void Assigned(IReadOnlyList<int> partitions);

    /// <summary>
    /// The member gives up <paramref name="partitions"/>. When this returns, work on them must have stopped and its
    /// progress be committed: the next owner starts from what is committed.
    /// </summary>
    /// <param name="partitions">The partitions given up, in ascending order.</param>
    void Revoked(IReadOnlyList<int> partitions);

    /// <summary>
    /// The member lost <paramref name="partitions"/> without giving them up (its session timed out): another member may
    /// own them already. Work on them must stop without committing or publishing anything more.
    /// </summary>
    /// <param name="partitions">The partitions lost, in ascending order.</param>
    void Lost(IReadOnlyList<int> partitions);
}
