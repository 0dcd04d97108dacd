using System.Collections.Concurrent;
using Confluent.Kafka;
using Kappa.Log.Abstractions;
using Kappa.Log.Kafka.Consuming;
using TopicPartition = Kappa.Log.Abstractions.TopicPartition;
using WatermarkOffsets = Kappa.Log.Abstractions.WatermarkOffsets;

namespace Kappa.Log.Kafka;

/// <summary>
/// <see cref="ILog"/> on Apache Kafka, through Confluent.Kafka (librdkafka). The same contract as the embedded log:
/// <list type="bullet">
/// <item>Appends go through one shared producer: idempotent, <c>acks=all</c>, placed by <c>murmur2_random</c>, which
/// is byte for byte Kappa's <see cref="Partitioning.KafkaPartitioner"/> and the Java client's default, so a key lands
/// on the same partition on either backend. An append completes when every record is acknowledged.</item>
/// <item>Consumers are assigned explicitly and poll in batches; offsets are committed only when asked
/// (<c>enable.auto.commit=false</c>). <see cref="JoinGroup"/> offers the group-managed alternative
/// (cooperative-sticky, with assignment callbacks) for workers that share partitions.</item>
/// <item>Watermarks and offsets for timestamps go through one shared metadata client.</item>
/// </list>
/// Settings, including any librdkafka property (TLS, SASL), come from <see cref="KafkaOptions"/>.
/// </summary>
public sealed class KafkaLog : ILog
{
    private readonly IAdminClient _adminClient;
    private readonly KafkaAdmin _admin;
    private readonly Lazy<IProducer<byte[]?, byte[]?>> _producer;
    private readonly Lazy<IConsumer<Ignore, Ignore>> _metadata;
    private readonly ConcurrentDictionary<string, int> _partitionCounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _committedGroups = new(StringComparer.Ordinal);
    private int _keylessTurn = -1;
    private bool _disposed;

    private KafkaLog(KafkaOptions options, IAdminClient adminClient)
    {
        Options = options;
        _adminClient = adminClient;
        _admin = new KafkaAdmin(this, adminClient);
        _producer = new(() => new ProducerBuilder<byte[]?, byte[]?>(KafkaClientConfigs.Producer(options)).Build());
        _metadata = new(() => new ConsumerBuilder<Ignore, Ignore>(KafkaClientConfigs.Consumer(options, "_kappa.metadata")).Build());
    }

    /// <inheritdoc />
    public string Name => "kafka";

    /// <inheritdoc />
    public ILogAdmin Admin => _admin;

    internal KafkaOptions Options { get; }

    internal IProducer<byte[]?, byte[]?> Producer => _producer.Value;

    internal IEnumerable<string> CommittedGroups => _committedGroups.Keys;

    /// <summary>
    /// Validates <paramref name="options"/> and connects: throws <see cref="ArgumentException"/> for invalid options
    /// and <see cref="LogException"/> when no broker answers within <see cref="KafkaOptions.RequestTimeout"/>.
    /// </summary>
    public static KafkaLog Connect(KafkaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var copy = new KafkaOptions
        {
            BootstrapServers = options.BootstrapServers,
            DefaultPartitions = options.DefaultPartitions,
            ReplicationFactor = options.ReplicationFactor,
            RequestTimeout = options.RequestTimeout,
            DescribeTopicConfigs = options.DescribeTopicConfigs,
            UseGroupAdminApi = options.UseGroupAdminApi,
        };
        foreach (var (name, value) in options.Properties)
        {
            copy.Properties[name] = value;
        }

        var admin = new AdminClientBuilder(KafkaClientConfigs.Admin(copy)).Build();
        try
        {
            var metadata = admin.GetMetadata(copy.RequestTimeout);
            if (metadata.Brokers.Count == 0)
            {
                throw new LogException($"no Kafka broker answered at {copy.BootstrapServers}");
            }
        }
        catch (KafkaException e)
        {
            admin.Dispose();
            throw new LogException($"cannot reach Kafka at {copy.BootstrapServers}: {e.Error.Reason}", e);
        }

        return new KafkaLog(copy, admin);
    }

    /// <inheritdoc />
    public ILogProducer CreateProducer()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new KafkaProducer(this);
    }

    /// <inheritdoc />
    public ILogConsumer CreateConsumer(string groupId)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new KafkaConsumer(this, groupId);
    }

    /// <summary>
    /// Joins consumer group <paramref name="groupId"/> subscribed to <paramref name="topics"/>: Kafka shares their
    /// partitions among the members with the cooperative-sticky assignor, so a rebalance moves only the partitions
    /// that must move. The callbacks run inside <see cref="KafkaGroupMember.PollAsync"/>, before the batch that
    /// follows the change; a revoked partition's records are never returned after its callback.
    /// </summary>
    public KafkaGroupMember JoinGroup(
        string groupId,
        IReadOnlyList<string> topics,
        Action<IReadOnlyList<TopicPartition>> assigned,
        Action<IReadOnlyList<TopicPartition>> revoked)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        ArgumentNullException.ThrowIfNull(topics);
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var topic in topics)
        {
            TopicNames.Validate(topic);
        }

        return new KafkaGroupMember(this, groupId, topics, assigned, revoked);
    }

    /// <inheritdoc />
    public IWorkerGroup JoinWorkerGroup(string groupId, string topic, IPartitionOwner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        TopicNames.Validate(topic);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new KafkaWorkerGroup(groupId, owner, (assigned, revoked, lost) => new KafkaGroupMember(this, groupId, [topic], assigned, revoked, lost));
    }

    /// <summary>Flushes what the producer still holds, then closes every client.</summary>
    public ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return ValueTask.CompletedTask;
        }

        _disposed = true;
        if (_producer.IsValueCreated)
        {
            _producer.Value.Flush(Options.RequestTimeout);
            _producer.Value.Dispose();
        }

        if (_metadata.IsValueCreated)
        {
            _metadata.Value.Dispose();
        }

        _adminClient.Dispose();
        return ValueTask.CompletedTask;
    }

    internal BatchReader CreateReader(string groupId, Action<ConsumerBuilder<ArenaSlice, ArenaSlice>>? configure = null)
    {
        var arena = new BatchArena();
        var builder = new ConsumerBuilder<ArenaSlice, ArenaSlice>(KafkaClientConfigs.Consumer(Options, groupId))
            .SetKeyDeserializer(arena)
            .SetValueDeserializer(arena);
        configure?.Invoke(builder);
        return new BatchReader(builder.Build(), arena);
    }

    /// <summary>The topic's partition count, ensuring the topic (default partitions) the first time it is seen.</summary>
    internal async ValueTask<int> PartitionCountAsync(string topic, CancellationToken cancellationToken, bool refresh = false)
    {
        if (!refresh && _partitionCounts.TryGetValue(topic, out var known))
        {
            return known;
        }

        var description = await _admin.EnsureTopicAsync(new TopicSpec(topic, Options.DefaultPartitions), cancellationToken);
        _partitionCounts[topic] = description.Partitions;
        return description.Partitions;
    }

    internal int NextKeylessTurn() => Interlocked.Increment(ref _keylessTurn);

    internal void ForgetTopic(string topic) => _partitionCounts.TryRemove(topic, out _);

    internal void NoteCommittedGroup(string groupId) => _committedGroups.TryAdd(groupId, 0);

    internal void ForgetGroup(string groupId) => _committedGroups.TryRemove(groupId, out _);

    internal WatermarkOffsets GetWatermarks(TopicPartition partition) =>
        TryGetWatermarks(partition) ?? throw new UnknownTopicException(partition.Topic);

    /// <summary>The partition's watermarks, or null when the topic or partition does not exist.</summary>
    internal WatermarkOffsets? TryGetWatermarks(TopicPartition partition)
    {
        TopicNames.Validate(partition.Topic);
        try
        {
            var watermarks = _metadata.Value.QueryWatermarkOffsets(new Confluent.Kafka.TopicPartition(partition.Topic, partition.Partition), Options.RequestTimeout);
            return new WatermarkOffsets(watermarks.Low.Value, watermarks.High.Value);
        }
        catch (KafkaException e) when (KafkaErrors.IsUnknownTopic(e.Error.Code))
        {
            return null;
        }
        catch (KafkaException e)
        {
            throw KafkaErrors.For($"read the watermarks of {partition}", e);
        }
    }

    internal long OffsetForTimestamp(TopicPartition partition, long timestamp)
    {
        try
        {
            var found = _metadata.Value.OffsetsForTimes(
                [new TopicPartitionTimestamp(partition.Topic, partition.Partition, new Timestamp(timestamp, TimestampType.CreateTime))],
                Options.RequestTimeout);
            var offset = found[0].Offset.Value;

            // Kafka answers End (-1) when no record is that new: the contract's answer is then the high watermark.
            return offset >= 0 ? offset : GetWatermarks(partition).High;
        }
        catch (KafkaException e) when (KafkaErrors.IsUnknownTopic(e.Error.Code))
        {
            throw new UnknownTopicException(partition.Topic);
        }
        catch (KafkaException e)
        {
            throw KafkaErrors.For($"find the offset for time {timestamp} in {partition}", e);
        }
    }
}
