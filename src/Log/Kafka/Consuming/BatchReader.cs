using System.Buffers;
using Confluent.Kafka;
using Kappa.Log.Abstractions;

namespace Kappa.Log.Kafka.Consuming;

/// <summary>
/// Turns Confluent.Kafka's one-message <c>Consume</c> into <see cref="ILogConsumer.PollAsync"/>'s batches: it takes
/// what librdkafka has already fetched without blocking, and only when that is nothing waits, on a thread of its
/// own so a caught-up consumer never holds a thread-pool thread, for the first message of the batch. Keys, values and
/// headers are copied into the batch's <see cref="BatchArena"/>; offsets are never stored or committed here.
/// </summary>
internal sealed class BatchReader(IConsumer<ArenaSlice, ArenaSlice> consumer, BatchArena arena)
{
    /// <summary>How long one blocking Consume may take, so a cancellation is seen promptly.</summary>
    private static readonly TimeSpan WaitSlice = TimeSpan.FromMilliseconds(100);

    private int _lastCount = 64;

    public IConsumer<ArenaSlice, ArenaSlice> Consumer => consumer;

    public async ValueTask<RecordBatch> PollAsync(int maxRecords, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        if (maxWait < TimeSpan.Zero && maxWait != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(maxWait), maxWait, "maxWait must be zero or more, or infinite");
        }

        cancellationToken.ThrowIfCancellationRequested();
        arena.Start();
        var records = new LogRecord[Math.Clamp(_lastCount, 1, maxRecords)];
        var count = Drain(ref records, 0, maxRecords);
        if (count == 0 && maxWait != TimeSpan.Zero)
        {
            var first = await Task.Factory.StartNew(
                () => WaitForOne(maxWait, cancellationToken),
                cancellationToken,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
            if (first is not null)
            {
                records[count++] = ToRecord(first);
                count = Drain(ref records, count, maxRecords);
            }
        }

        _lastCount = Math.Max(count, 64);
        return count == 0 ? RecordBatch.Empty : new RecordBatch(records, count);
    }

    private int Drain(ref LogRecord[] records, int count, int maxRecords)
    {
        while (count < maxRecords && TryConsume(TimeSpan.Zero) is { } result)
        {
            if (count == records.Length)
            {
                Array.Resize(ref records, Math.Min(maxRecords, records.Length * 2));
            }

            records[count++] = ToRecord(result);
        }

        return count;
    }

    private ConsumeResult<ArenaSlice, ArenaSlice>? WaitForOne(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var deadline = maxWait == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)maxWait.TotalMilliseconds;
        while (!cancellationToken.IsCancellationRequested)
        {
            var left = deadline - Environment.TickCount64;
            if (left <= 0)
            {
                return null;
            }

            var slice = left < WaitSlice.TotalMilliseconds ? TimeSpan.FromMilliseconds(left) : WaitSlice;
            if (TryConsume(slice) is { } result)
            {
                return result;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return null;
    }

    private ConsumeResult<ArenaSlice, ArenaSlice>? TryConsume(TimeSpan timeout)
    {
        try
        {
            return consumer.Consume(timeout);
        }
        catch (ConsumeException e) when (KafkaErrors.IsUnknownTopic(e.Error.Code))
        {
            // An assigned topic that does not exist yet is an empty one, as in the embedded log: wait for it.
            return null;
        }
        catch (ConsumeException e)
        {
            throw new LogException($"cannot read {e.ConsumerRecord?.TopicPartitionOffset.ToString() ?? "the log"}: {e.Error.Code}: {e.Error.Reason}", e);
        }
    }

    private LogRecord ToRecord(ConsumeResult<ArenaSlice, ArenaSlice> result)
    {
        var message = result.Message;
        var headers = message.Headers is { Count: > 0 } h ? EncodeHeaders(h) : default;
        return new LogRecord(
            result.Topic,
            result.Partition.Value,
            result.Offset.Value,
            message.Timestamp.UnixTimestampMs,
            message.Key.Memory,
            message.Value.Memory,
            new RecordHeaders(headers));
    }

    /// <summary>Headers are rare (dead letters, late records), so this path may allocate.</summary>
    private ReadOnlyMemory<byte> EncodeHeaders(Headers headers)
    {
        var list = new List<RecordHeader>(headers.Count);
        foreach (var header in headers)
        {
            list.Add(new RecordHeader(header.Key, header.GetValueBytes() ?? []));
        }

        var length = RecordHeaders.EncodedLength(list);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = RecordHeaders.Encode(list, buffer);
            return arena.Copy(buffer.AsSpan(0, written)).Memory!.Value;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
