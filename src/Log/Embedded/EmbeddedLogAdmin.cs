using Kappa.Log.Abstractions;
using Kappa.Log.Embedded.Groups;
using Kappa.Log.Embedded.Topics;

namespace Kappa.Log.Embedded;

/// <summary>
/// The embedded <see cref="ILogAdmin"/>: a thin async face over <see cref="TopicRegistry"/> and
/// <see cref="GroupOffsetStore"/>, whose operations are synchronous and short.
/// </summary>
internal sealed class EmbeddedLogAdmin(TopicRegistry topics, GroupOffsetStore groups) : ILogAdmin
{
    private readonly TopicRegistry _topics = topics;

    public int DefaultPartitions => _topics.DefaultPartitions;

    public Task CreateTopicAsync(TopicSpec spec, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _topics.Create(spec, failIfExists: true);
        return Task.CompletedTask;
    }

    public Task<TopicDescription> EnsureTopicAsync(TopicSpec spec, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_topics.Create(spec, failIfExists: false).Description);
    }

    public Task<TopicDescription?> DescribeTopicAsync(string topic, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TopicNames.Validate(topic);
        return Task.FromResult(_topics.TryGet(topic)?.Description);
    }

    public Task<IReadOnlyList<TopicDescription>> ListTopicsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<TopicDescription> topics = [.. _topics.All.Select(topic => topic.Description)];
        return Task.FromResult(topics);
    }

    public Task DeleteTopicAsync(string topic, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TopicNames.Validate(topic);
        _topics.Delete(topic);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListConsumerGroupsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(groups.GroupIds);
    }

    public Task<IReadOnlyDictionary<TopicPartition, long>> ListConsumerGroupOffsetsAsync(string groupId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(groups.CommittedOffsets(groupId));
    }

    public Task DeleteConsumerGroupAsync(string groupId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        cancellationToken.ThrowIfCancellationRequested();
        groups.Delete(groupId);
        return Task.CompletedTask;
    }
}
