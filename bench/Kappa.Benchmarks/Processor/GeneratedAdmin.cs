using Kappa.Log.Abstractions;

namespace Kappa.Benchmarks.Processor;

/// <summary>
/// The generated log's admin: it describes the one generated topic, and knows no other (so a task finds no dead-letter
/// or late topic to read its rejection bookmarks from, as on a log where none was ever written). Nothing can be
/// created or deleted: the generated log has fixed topics.
/// </summary>
internal sealed class GeneratedAdmin(string topic, int partitions) : ILogAdmin
{
    public int DefaultPartitions => partitions;

    public Task<TopicDescription?> DescribeTopicAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(name == topic ? new TopicDescription(topic, partitions, new TopicConfig()) : null);

    public Task<IReadOnlyList<TopicDescription>> ListTopicsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<TopicDescription>>([new TopicDescription(topic, partitions, new TopicConfig())]);

    public Task CreateTopicAsync(TopicSpec spec, CancellationToken cancellationToken = default) => throw Fixed();

    public Task<TopicDescription> EnsureTopicAsync(TopicSpec spec, CancellationToken cancellationToken = default) => throw Fixed();

    public Task DeleteTopicAsync(string name, CancellationToken cancellationToken = default) => throw Fixed();

    public Task<IReadOnlyList<string>> ListConsumerGroupsAsync(CancellationToken cancellationToken = default) => throw Fixed();

    public Task<IReadOnlyDictionary<TopicPartition, long>> ListConsumerGroupOffsetsAsync(string groupId, CancellationToken cancellationToken = default) =>
        throw Fixed();

    public Task DeleteConsumerGroupAsync(string groupId, CancellationToken cancellationToken = default) => throw Fixed();

    private static NotSupportedException Fixed() => new("the generated log has fixed topics and no groups to administer");
}
