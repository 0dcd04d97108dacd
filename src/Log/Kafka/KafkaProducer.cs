using System.Runtime.InteropServices;
using Confluent.Kafka;
using Kappa.Log.Abstractions;
using Kappa.Log.Kafka.Producing;

namespace Kappa.Log.Kafka;

/// <summary>
/// The Kafka <see cref="ILogProducer"/>: a handle on the log's one shared librdkafka producer (idempotent, acks=all,
/// murmur2_random), so making a producer per request costs nothing. An append hands every record over at once, letting
/// librdkafka batch them, and completes when the last delivery report is in: every record is then acknowledged by
/// all in-sync replicas, and records to one partition keep their order (idempotence forbids reordering on retry).
/// A topic the log has not seen is ensured first, with the default partition count, as the contract says.
/// Confluent.Kafka's API takes a byte[] per key and value and a message object per record; keys and values that
/// are whole arrays are passed without copying.
/// </summary>
internal sealed class KafkaProducer(KafkaLog log) : ILogProducer
{
    private bool _disposed;

    public async ValueTask<AppendResult> AppendAsync(string topic, ReadOnlyMemory<ProducerRecord> records, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        TopicNames.Validate(topic);
        cancellationToken.ThrowIfCancellationRequested();
        if (records.IsEmpty)
        {
            return new AppendResult(topic, [], []);
        }

        var partitions = await log.PartitionCountAsync(topic, cancellationToken);
        if (FirstOutOfRange(records.Span, partitions) >= 0)
        {
            // The topic may have grown since it was first seen.
            partitions = await log.PartitionCountAsync(topic, cancellationToken, refresh: true);
            CheckPartitions(records.Span, partitions);
        }

        // Keyless records of one append share a partition, the next one in turn, as in the embedded log (librdkafka's
        // sticky partitioner would only do so within its linger time).
        var keyless = Partitioning.KafkaPartitioner.ToPositive(log.NextKeylessTurn()) % partitions;
        var append = new PendingAppend(topic, records.Length);
        var producer = log.Producer;
        for (var i = 0; i < records.Length; i++)
        {
            var message = ToMessage(in records.Span[i]);
            var index = i;
            while (true)
            {
                try
                {
                    var record = records.Span[i];
                    if ((record.Partition ?? (record.Key is null ? keyless : null)) is { } partition)
                    {
                        producer.Produce(new Confluent.Kafka.TopicPartition(topic, partition), message, report => append.Delivered(index, report));
                    }
                    else
                    {
                        producer.Produce(topic, message, report => append.Delivered(index, report));
                    }

                    break;
                }
                catch (ProduceException<byte[]?, byte[]?> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    // librdkafka's queue is full: wait for deliveries to drain it rather than fail the append.
                    await Task.Delay(1, CancellationToken.None);
                }
                catch (ProduceException<byte[]?, byte[]?> e)
                {
                    append.Abandon(records.Length - i, e.Error);
                    append.Sealed();
                    return await append.Task;
                }
            }
        }

        append.Sealed();
        return await append.Task.WaitAsync(cancellationToken);
    }

    public void Dispose() => _disposed = true;

    private static int FirstOutOfRange(ReadOnlySpan<ProducerRecord> records, int partitionCount)
    {
        for (var i = 0; i < records.Length; i++)
        {
            if (records[i].Partition is { } partition && (uint)partition >= (uint)partitionCount)
            {
                return i;
            }
        }

        return -1;
    }

    private static void CheckPartitions(ReadOnlySpan<ProducerRecord> records, int partitionCount)
    {
        var i = FirstOutOfRange(records, partitionCount);
        if (i >= 0)
        {
            var partition = records[i].Partition!.Value;
            throw new ArgumentOutOfRangeException(nameof(records), partition, $"record {i} names partition {partition}, but the topic has {partitionCount}");
        }
    }

    private static Message<byte[]?, byte[]?> ToMessage(in ProducerRecord record)
    {
        var message = new Message<byte[]?, byte[]?>
        {
            Key = Bytes(record.Key),
            Value = Bytes(record.Value),
            Timestamp = new Timestamp(record.Timestamp, TimestampType.CreateTime),
        };
        if (record.Headers is { Count: > 0 } headers)
        {
            message.Headers = [];
            foreach (var header in headers)
            {
                message.Headers.Add(header.Name, header.Value.ToArray());
            }
        }

        return message;
    }

    private static byte[]? Bytes(ReadOnlyMemory<byte>? memory)
    {
        if (memory is not { } bytes)
        {
            return null;
        }

        return MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : bytes.ToArray();
    }
}
