using Kappa.Log.Abstractions;

namespace Kappa.Schemas.Store;

/// <summary>
/// The registry's durable state: one compacted, single-partition topic. A single partition keeps every change in
/// one order, so replaying it from the beginning rebuilds exactly the state that was served.
/// </summary>
internal sealed class SchemaLog(ILog log, string topic) : IDisposable
{
    private const string ReaderGroup = "_kappa.schemas";
    private ILogProducer? _producer;

    public string Topic { get; } = topic;

    /// <summary>Creates the topic when missing and applies every record in it to <paramref name="state"/>.</summary>
    public async Task LoadAsync(SchemaRegistryState state, CancellationToken cancellationToken)
    {
        var description = await log.Admin.EnsureTopicAsync(new TopicSpec(Topic, 1, new TopicConfig(Compacted: true)), cancellationToken);
        if (description.Partitions != 1)
        {
            throw new InvalidOperationException($"the schemas topic '{Topic}' has {description.Partitions} partitions; it must have exactly 1, so that its records keep one order");
        }

        using var consumer = log.CreateConsumer(ReaderGroup);
        var partition = new TopicPartition(Topic, 0);
        consumer.Assign([new TopicPartitionOffset(Topic, 0, LogOffset.Beginning)]);
        // Only this process writes the topic, and it does not serve before the load ends: the end is fixed now.
        var end = consumer.GetWatermarks(partition).High;
        while (consumer.Position(partition) < end)
        {
            var batch = await consumer.PollAsync(1000, TimeSpan.FromSeconds(1), cancellationToken);
            foreach (var record in batch.Records)
            {
                if (record.Key is not { } key)
                {
                    throw new InvalidDataException($"record {record.Offset} of the schemas topic '{Topic}' has no key");
                }

                SchemaLogRecord.Apply(state, key.Span, record.Value is { } value ? value.Span : default, record.Value is null);
            }
        }

        _producer = log.CreateProducer();
    }

    /// <summary>Appends one record (a null value is a tombstone) and returns once it is durable.</summary>
    public async Task AppendAsync(byte[] key, byte[]? value, CancellationToken cancellationToken)
    {
        var producer = _producer ?? throw new InvalidOperationException("the schemas topic is not loaded yet");
        ReadOnlyMemory<byte>? payload = value is null ? null : value;
        // The timestamp only orders records for retention, which a compacted topic does not use; event time plays no part.
        await producer.AppendAsync(Topic, new[] { new ProducerRecord(key, payload, 0, Partition: 0) }, cancellationToken);
    }

    public void Dispose() => _producer?.Dispose();
}
