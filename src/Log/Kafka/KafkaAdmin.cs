using System.Collections.Concurrent;
using System.Globalization;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Kappa.Log.Abstractions;
using TopicDescription = Kappa.Log.Abstractions.TopicDescription;
using TopicPartition = Kappa.Log.Abstractions.TopicPartition;

namespace Kappa.Log.Kafka;

/// <summary>
/// The Kafka <see cref="ILogAdmin"/>, over Confluent.Kafka's admin client. Topics are created with their partition
/// count, <c>cleanup.policy=compact</c> when compacted, and retention (Kappa keeps logs forever unless told, so that
/// replay sees all of them); a refusal for lack of rights says which right is missing. Topic configurations are
/// read once per topic and cached, because the processor describes its dead-letter topics at every commit.
/// Kafka's own topics (<c>__consumer_offsets</c>, ...) are not listed.
/// Where the broker lacks the group admin API (librdkafka's mock cluster has no ListGroups and answers OffsetFetch for
/// "all partitions" with nothing), or <see cref="KafkaOptions.UseGroupAdminApi"/> is off, group listing falls back to
/// the groups this process committed for, and group offsets to asking the group's committed offset of every partition.
/// </summary>
internal sealed class KafkaAdmin(KafkaLog log, IAdminClient admin) : ILogAdmin
{
    private readonly ConcurrentDictionary<string, TopicConfig> _configs = new(StringComparer.Ordinal);
    private volatile bool _configsUnsupported;

    public int DefaultPartitions => log.Options.DefaultPartitions;

    private TimeSpan Timeout => log.Options.RequestTimeout;

    public async Task CreateTopicAsync(TopicSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        TopicNames.Validate(spec.Name);
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.Partitions, 1, nameof(spec));
        var config = spec.Config ?? TopicConfig.Default;
        var specification = new TopicSpecification
        {
            Name = spec.Name,
            NumPartitions = spec.Partitions,
            ReplicationFactor = log.Options.ReplicationFactor,
            Configs = new Dictionary<string, string>
            {
                ["cleanup.policy"] = config.Compacted ? "compact" : "delete",
                ["retention.ms"] = (config.RetentionMs ?? -1).ToString(CultureInfo.InvariantCulture),
                ["retention.bytes"] = (config.RetentionBytes ?? -1).ToString(CultureInfo.InvariantCulture),
            },
        };
        try
        {
            await admin.CreateTopicsAsync([specification], new CreateTopicsOptions { RequestTimeout = Timeout, OperationTimeout = Timeout });
        }
        catch (CreateTopicsException e)
        {
            throw KafkaErrors.ForTopic(spec.Name, $"create topic '{spec.Name}'", e.Results[0].Error);
        }
        catch (KafkaException e)
        {
            throw KafkaErrors.ForTopic(spec.Name, $"create topic '{spec.Name}'", e.Error);
        }

        _configs[spec.Name] = config;
        await WaitUntilVisibleAsync(spec, cancellationToken);
    }

    public async Task<TopicDescription> EnsureTopicAsync(TopicSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (await DescribeTopicAsync(spec.Name, cancellationToken) is { } existing)
        {
            return existing;
        }

        try
        {
            await CreateTopicAsync(spec, cancellationToken);
        }
        catch (TopicExistsException)
        {
            // Another client created it in between: describe what it made.
        }

        return await DescribeTopicAsync(spec.Name, cancellationToken) ?? throw new UnknownTopicException(spec.Name);
    }

    public async Task<TopicDescription?> DescribeTopicAsync(string topic, CancellationToken cancellationToken = default)
    {
        TopicNames.Validate(topic);
        var partitions = await Task.Run(() => PartitionCount(topic), cancellationToken);
        return partitions is { } count ? new TopicDescription(topic, count, await ConfigOfAsync(topic)) : null;
    }

    public async Task<IReadOnlyList<TopicDescription>> ListTopicsAsync(CancellationToken cancellationToken = default)
    {
        var metadata = await Task.Run(() => Metadata(() => admin.GetMetadata(Timeout)), cancellationToken);
        var topics = new List<TopicDescription>();
        foreach (var topic in metadata.Topics.Where(t => !t.Error.IsError && !t.Topic.StartsWith("__", StringComparison.Ordinal)).OrderBy(t => t.Topic, StringComparer.Ordinal))
        {
            topics.Add(new TopicDescription(topic.Topic, topic.Partitions.Count, await ConfigOfAsync(topic.Topic)));
        }

        return topics;
    }

    public async Task DeleteTopicAsync(string topic, CancellationToken cancellationToken = default)
    {
        TopicNames.Validate(topic);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await admin.DeleteTopicsAsync([topic], new DeleteTopicsOptions { RequestTimeout = Timeout, OperationTimeout = Timeout });
        }
        catch (DeleteTopicsException e)
        {
            throw KafkaErrors.ForTopic(topic, $"delete topic '{topic}'", e.Results[0].Error);
        }
        catch (KafkaException e)
        {
            throw KafkaErrors.ForTopic(topic, $"delete topic '{topic}'", e.Error);
        }
        finally
        {
            _configs.TryRemove(topic, out _);
            log.ForgetTopic(topic);
        }
    }

    public async Task<IReadOnlyList<string>> ListConsumerGroupsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!log.Options.UseGroupAdminApi)
        {
            return [.. log.CommittedGroups.Order(StringComparer.Ordinal)];
        }

        try
        {
            var listing = await admin.ListConsumerGroupsAsync(new ListConsumerGroupsOptions { RequestTimeout = Timeout });
            return [.. listing.Valid.Select(g => g.GroupId).Order(StringComparer.Ordinal)];
        }
        catch (ListConsumerGroupsException)
        {
            return [.. log.CommittedGroups.Order(StringComparer.Ordinal)];
        }
        catch (KafkaException e) when (KafkaErrors.IsUnsupported(e.Error.Code))
        {
            return [.. log.CommittedGroups.Order(StringComparer.Ordinal)];
        }
    }

    public async Task<IReadOnlyDictionary<TopicPartition, long>> ListConsumerGroupOffsetsAsync(string groupId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        cancellationToken.ThrowIfCancellationRequested();
        if (!log.Options.UseGroupAdminApi)
        {
            return await CommittedEverywhereAsync(groupId, cancellationToken);
        }

        try
        {
            var results = await admin.ListConsumerGroupOffsetsAsync(
                [new ConsumerGroupTopicPartitions(groupId, null)],
                new ListConsumerGroupOffsetsOptions { RequestTimeout = Timeout });
            var offsets = results.SelectMany(r => r.Partitions)
                .Where(p => p.Offset.Value >= 0)
                .ToDictionary(p => new TopicPartition(p.Topic, p.Partition.Value), p => p.Offset.Value);
            if (offsets.Count > 0)
            {
                return offsets;
            }
        }
        catch (ListConsumerGroupOffsetsException)
        {
            // Fall back below.
        }
        catch (KafkaException e) when (KafkaErrors.IsUnsupported(e.Error.Code))
        {
            // Fall back below.
        }

        return await CommittedEverywhereAsync(groupId, cancellationToken);
    }

    public async Task DeleteConsumerGroupAsync(string groupId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        cancellationToken.ThrowIfCancellationRequested();
        if (!log.Options.UseGroupAdminApi)
        {
            throw new LogException($"cannot delete consumer group '{groupId}': the group admin API is turned off (Kafka:UseGroupAdminApi=false)");
        }

        try
        {
            await admin.DeleteGroupsAsync([groupId], new DeleteGroupsOptions { RequestTimeout = Timeout });
        }
        catch (DeleteGroupsException e) when (e.Results[0].Error.Code == ErrorCode.GroupIdNotFound)
        {
            // Deleting a group that does not exist does nothing: cleanup after a crash may repeat.
        }
        catch (DeleteGroupsException e)
        {
            var error = e.Results[0].Error;
            throw error.Code == ErrorCode.GroupAuthorizationFailed
                ? new LogException($"cannot delete consumer group '{groupId}': the Kafka principal lacks DELETE on the group ({error.Reason})")
                : new LogException($"cannot delete consumer group '{groupId}': {error.Code}: {error.Reason}");
        }

        log.ForgetGroup(groupId);
    }

    /// <summary>The partition count from metadata, or null when the topic does not exist.</summary>
    internal int? PartitionCount(string topic)
    {
        var metadata = Metadata(() => admin.GetMetadata(topic, Timeout));
        var entry = metadata.Topics.Find(t => t.Topic == topic);
        if (entry is null || KafkaErrors.IsUnknownTopic(entry.Error.Code))
        {
            return null;
        }

        return entry.Error.IsError ? throw KafkaErrors.ForTopic(topic, $"describe topic '{topic}'", entry.Error) : entry.Partitions.Count;
    }

    private static Metadata Metadata(Func<Metadata> query)
    {
        try
        {
            return query();
        }
        catch (KafkaException e)
        {
            throw KafkaErrors.For("read the cluster's metadata", e);
        }
    }

    private async Task WaitUntilVisibleAsync(TopicSpec spec, CancellationToken cancellationToken)
    {
        // Creation returns when the controller has it; brokers learn of it a moment later.
        var deadline = DateTime.UtcNow + Timeout;
        while (PartitionCount(spec.Name) != spec.Partitions)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new LogException($"topic '{spec.Name}' was created but did not appear in the metadata within {Timeout}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private async Task<TopicConfig> ConfigOfAsync(string topic)
    {
        if (!log.Options.DescribeTopicConfigs || _configsUnsupported)
        {
            return TopicConfig.Default;
        }

        if (_configs.TryGetValue(topic, out var cached))
        {
            return cached;
        }

        try
        {
            var results = await admin.DescribeConfigsAsync(
                [new ConfigResource { Type = ResourceType.Topic, Name = topic }],
                new DescribeConfigsOptions { RequestTimeout = Timeout });
            var entries = results[0].Entries;
            var config = new TopicConfig(
                Limit(entries, "retention.ms"),
                Limit(entries, "retention.bytes"),
                entries.TryGetValue("cleanup.policy", out var policy) && policy.Value.Contains("compact", StringComparison.Ordinal));
            _configs[topic] = config;
            return config;
        }
        catch (DescribeConfigsException e)
        {
            throw KafkaErrors.ForTopic(topic, $"describe the configuration of topic '{topic}'", e.Results[0].Error);
        }
        catch (KafkaException e) when (KafkaErrors.IsUnsupported(e.Error.Code))
        {
            _configsUnsupported = true;
            return TopicConfig.Default;
        }
    }

    private static long? Limit(Dictionary<string, ConfigEntryResult> entries, string name) =>
        entries.TryGetValue(name, out var entry) && long.TryParse(entry.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : null;

    private async Task<IReadOnlyDictionary<TopicPartition, long>> CommittedEverywhereAsync(string groupId, CancellationToken cancellationToken)
    {
        var topics = await ListTopicsAsync(cancellationToken);
        var partitions = topics.SelectMany(t => Enumerable.Range(0, t.Partitions).Select(p => new Confluent.Kafka.TopicPartition(t.Name, p))).ToList();
        if (partitions.Count == 0)
        {
            return new Dictionary<TopicPartition, long>();
        }

        using var consumer = new ConsumerBuilder<Ignore, Ignore>(KafkaClientConfigs.Consumer(log.Options, groupId)).Build();
        try
        {
            return consumer.Committed(partitions, Timeout)
                .Where(p => p.Offset.Value >= 0)
                .ToDictionary(p => new TopicPartition(p.Topic, p.Partition.Value), p => p.Offset.Value);
        }
        catch (KafkaException e)
        {
            throw KafkaErrors.For($"read the committed offsets of group '{groupId}'", e);
        }
    }
}
