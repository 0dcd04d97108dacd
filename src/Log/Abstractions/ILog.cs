namespace Kappa.Log.Abstractions;

/// <summary>
/// A partitioned, append-only log: the embedded log on one machine, Kafka on many. Everything above the
/// log (processor, views, replay) talks only to this interface, so the two backends are interchangeable.
/// The contract is deliberately the part of Kafka's that both can honour exactly.
/// </summary>
public interface ILog : IAsyncDisposable
{
    /// <summary>A short name for logs and diagnostics: "embedded" or "kafka".</summary>
    string Name { get; }

    /// <summary>Topic administration.</summary>
    ILogAdmin Admin { get; }

    /// <summary>Creates a producer. Producers are thread-safe.</summary>
    ILogProducer CreateProducer();

    /// <summary>Creates a consumer in a consumer group. A consumer is used by one thread at a time.</summary>
    ILogConsumer CreateConsumer(string groupId);

    /// <summary>
    /// Joins the group of workers <paramref name="groupId"/> that share <paramref name="topic"/>'s partitions; the
    /// group tells <paramref name="owner"/> which partitions this member owns. The group id must differ from those
    /// the owners commit offsets in: on Kafka a group with live members accepts commits from its members only.
    /// </summary>
    IWorkerGroup JoinWorkerGroup(string groupId, string topic, IPartitionOwner owner);
}

/// <summary>Creates, describes and deletes topics.</summary>
public interface ILogAdmin
{
    /// <summary>The partition count of topics created on first use (Kafka's num.partitions); 4 unless configured.</summary>
    int DefaultPartitions { get; }

    /// <summary>Creates a topic; throws <see cref="TopicExistsException"/> when it exists.</summary>
    Task CreateTopicAsync(TopicSpec spec, CancellationToken cancellationToken = default);

    /// <summary>Creates the topic unless it exists; returns its description either way.</summary>
    Task<TopicDescription> EnsureTopicAsync(TopicSpec spec, CancellationToken cancellationToken = default);

    /// <summary>Describes a topic, or returns null when it does not exist.</summary>
    Task<TopicDescription?> DescribeTopicAsync(string topic, CancellationToken cancellationToken = default);

    /// <summary>Lists the topics, internal ones included, ordered by name.</summary>
    Task<IReadOnlyList<TopicDescription>> ListTopicsAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes a topic and its records; throws <see cref="UnknownTopicException"/> when it does not exist.</summary>
    Task DeleteTopicAsync(string topic, CancellationToken cancellationToken = default);

    /// <summary>The consumer groups that have committed offsets, ordered by id.</summary>
    Task<IReadOnlyList<string>> ListConsumerGroupsAsync(CancellationToken cancellationToken = default);

    /// <summary>A group's committed offsets; empty when the group has none.</summary>
    Task<IReadOnlyDictionary<TopicPartition, long>> ListConsumerGroupOffsetsAsync(string groupId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a consumer group and its committed offsets, so it no longer shows in listings or lag. Deleting a
    /// group that does not exist does nothing: cleanup after a crash may repeat.
    /// </summary>
    Task DeleteConsumerGroupAsync(string groupId, CancellationToken cancellationToken = default);
}

/// <summary>What a topic should be.</summary>
/// <param name="Name">The topic name: letters, digits, '.', '_' and '-', at most 249 characters (Kafka's rule).</param>
/// <param name="Partitions">The partition count, at least 1.</param>
/// <param name="Config">Retention and cleanup, or null for the defaults.</param>
public sealed record TopicSpec(string Name, int Partitions, TopicConfig? Config = null);

/// <summary>Per-topic settings, with Kafka's meanings.</summary>
/// <param name="RetentionMs">Segments whose newest record is older than this are deleted; null keeps forever.</param>
/// <param name="RetentionBytes">Oldest segments of a partition are deleted past this size; null keeps all.</param>
/// <param name="Compacted">Whether the topic is a changelog where only the latest value per key matters.</param>
public sealed record TopicConfig(long? RetentionMs = null, long? RetentionBytes = null, bool Compacted = false)
{
    /// <summary>Keep everything, no compaction.</summary>
    public static TopicConfig Default { get; } = new();
}

/// <summary>A topic as it exists.</summary>
public sealed record TopicDescription(string Name, int Partitions, TopicConfig Config);

/// <summary>Appends records to topics.</summary>
public interface ILogProducer : IDisposable
{
    /// <summary>
    /// Appends <paramref name="records"/> to <paramref name="topic"/>. Records without a partition are placed
    /// by Kafka's murmur2 partitioner on their key (round-robin when the key is null). When the task completes,
    /// every record is acknowledged: it survives the process being killed. Records to one partition keep their
    /// order. The topic is created with the default partition count when it does not exist.
    /// </summary>
    ValueTask<AppendResult> AppendAsync(
        string topic,
        ReadOnlyMemory<ProducerRecord> records,
        CancellationToken cancellationToken = default);
}

/// <summary>
/// Reads partitions and tracks committed offsets for its group. Partitions are assigned explicitly:
/// Kappa's processor owns its offsets (they live in its state store), and group commits exist for
/// monitoring lag and for consumers that keep no state of their own.
/// </summary>
public interface ILogConsumer : IDisposable
{
    /// <summary>The consumer group.</summary>
    string GroupId { get; }

    /// <summary>The current assignment.</summary>
    IReadOnlyList<TopicPartition> Assignment { get; }

    /// <summary>
    /// Replaces the assignment. Each entry's offset is an absolute offset or one of <see cref="LogOffset"/>'s.
    /// An offset outside the retained range resets to the beginning (Kafka's auto.offset.reset=earliest).
    /// </summary>
    void Assign(IReadOnlyList<TopicPartitionOffset> partitions);

    /// <summary>Moves the position of an assigned partition.</summary>
    void Seek(TopicPartitionOffset position);

    /// <summary>The offset of the next record this consumer will return for the partition.</summary>
    long Position(TopicPartition partition);

    /// <summary>
    /// Returns up to <paramref name="maxRecords"/> records from the assigned partitions, waiting up to
    /// <paramref name="maxWait"/> for at least one. An empty batch means nothing arrived in time.
    /// </summary>
    ValueTask<RecordBatch> PollAsync(int maxRecords, TimeSpan maxWait, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether a poll may reuse what the batch before it handed out: its record array, and the memory its records'
    /// keys, values and headers view. When true, a batch's <see cref="RecordBatch.Records"/> and every byte they view
    /// are valid only until this consumer's next poll: a caller copies whatever it keeps longer. For a loop that
    /// finishes with each batch before polling again, such as a processor task: it spares a record array (about 100
    /// bytes a record, on the large object heap for big polls) and the fetched bytes (the size of the records) per
    /// poll. False by default; a backend may ignore it.
    /// </summary>
    bool ReuseBatches
    {
        get => false;
        set { }
    }

    /// <summary>Commits offsets for the group: each offset is the next record to read, as in Kafka.</summary>
    Task CommitAsync(IReadOnlyList<TopicPartitionOffset> offsets, CancellationToken cancellationToken = default);

    /// <summary>The group's committed offset for a partition, or null when it has none.</summary>
    Task<long?> CommittedAsync(TopicPartition partition, CancellationToken cancellationToken = default);

    /// <summary>The partition's current low and high watermarks.</summary>
    WatermarkOffsets GetWatermarks(TopicPartition partition);

    /// <summary>The first offset whose timestamp is at or after <paramref name="timestamp"/>, or the high watermark.</summary>
    Task<long> OffsetForTimestampAsync(TopicPartition partition, long timestamp, CancellationToken cancellationToken = default);
}
