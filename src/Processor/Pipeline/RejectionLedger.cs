using System.Buffers.Binary;
using System.Text;
using Kappa.Log.Abstractions;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// Keeps dead letters and late records from being published twice. Each carries the header
/// <see cref="HeaderName"/> = <c>view.vN[partition]#sequence</c>, unique per task and outbox sequence. Before a
/// commit stages rejected records, <see cref="MarkAsync"/> notes where each partition of the dead-letter and
/// late topics ends; the marks commit with the outbox. After a crash between publishing and forgetting the
/// outbox, <see cref="WithoutPublishedAsync"/> reads those topics from the marks on and drops the rejected
/// records already there, so each appears once. Changelog records need none of this: they are idempotent upserts.
/// </summary>
internal sealed class RejectionLedger(ILog log, CompiledView view, string tag) : IDisposable
{
    public const string HeaderName = "kappa.outbox";

    private ILogConsumer? _consumer;

    private ILogConsumer Consumer => _consumer ??= log.CreateConsumer($"_kappa.ledger.{tag}");

    /// <summary>The header value of the rejected record with outbox sequence <paramref name="sequence"/>.</summary>
    public string Identity(long sequence) => $"{tag}#{sequence}";

    /// <summary>Where each partition of the dead-letter and late topics ends now, encoded for the task store.</summary>
    public async Task<byte[]> MarkAsync(CancellationToken cancellationToken)
    {
        var ends = new List<long>();
        var counts = new int[2];
        var topics = new[] { view.DeadLetterTopic, view.LateTopic };
        for (var t = 0; t < topics.Length; t++)
        {
            var description = await log.Admin.DescribeTopicAsync(topics[t], cancellationToken);
            counts[t] = description?.Partitions ?? 0;
            for (var p = 0; p < counts[t]; p++)
            {
                ends.Add(Consumer.GetWatermarks(new TopicPartition(topics[t], p)).High);
            }
        }

        var marks = new byte[8 + (8 * ends.Count)];
        BinaryPrimitives.WriteInt32BigEndian(marks, counts[0]);
        BinaryPrimitives.WriteInt32BigEndian(marks.AsSpan(4), counts[1]);
        for (var i = 0; i < ends.Count; i++)
        {
            BinaryPrimitives.WriteInt64BigEndian(marks.AsSpan(8 + (8 * i)), ends[i]);
        }

        return marks;
    }

    /// <summary>The pending outbox without the rejected records the topics already hold past the marks.</summary>
    public async Task<IReadOnlyList<OutboxRecord>> WithoutPublishedAsync(
        IReadOnlyList<OutboxRecord> pending,
        byte[]? marks,
        CancellationToken cancellationToken)
    {
        if (!pending.Any(r => r.Destination is OutboxDestination.DeadLetters or OutboxDestination.Late))
        {
            return pending;
        }

        var published = new HashSet<string>(StringComparer.Ordinal);
        var dlqPartitions = marks is null ? 0 : BinaryPrimitives.ReadInt32BigEndian(marks);
        await CollectAsync(view.DeadLetterTopic, marks, 0, dlqPartitions, published, cancellationToken);
        await CollectAsync(view.LateTopic, marks, dlqPartitions, marks is null ? 0 : BinaryPrimitives.ReadInt32BigEndian(marks.AsSpan(4)), published, cancellationToken);
        return [.. pending.Where(r => r.Destination is not (OutboxDestination.DeadLetters or OutboxDestination.Late)
            || !published.Contains(Identity(r.Sequence)))];
    }

    public void Dispose() => _consumer?.Dispose();

    private async Task CollectAsync(
        string topic,
        byte[]? marks,
        int firstMark,
        int markedPartitions,
        HashSet<string> published,
        CancellationToken cancellationToken)
    {
        var description = await log.Admin.DescribeTopicAsync(topic, cancellationToken);
        if (description is null)
        {
            return;
        }

        using var reader = log.CreateConsumer($"_kappa.ledger.{tag}.read");
        var ends = new long[description.Partitions];
        var start = new List<TopicPartitionOffset>();
        for (var p = 0; p < description.Partitions; p++)
        {
            // A partition the marks do not know was created after them: all of it is newer.
            var from = p < markedPartitions ? BinaryPrimitives.ReadInt64BigEndian(marks.AsSpan(8 + (8 * (firstMark + p)))) : 0;
            ends[p] = reader.GetWatermarks(new TopicPartition(topic, p)).High;
            if (from < ends[p])
            {
                start.Add(new TopicPartitionOffset(topic, p, from));
            }
        }

        if (start.Count == 0)
        {
            return;
        }

        reader.Assign(start);
        var remaining = start.Count;
        var done = new bool[description.Partitions];
        while (remaining > 0)
        {
            var batch = await reader.PollAsync(10_000, TimeSpan.FromSeconds(1), cancellationToken);
            if (batch.IsEmpty)
            {
                break;
            }

            foreach (var record in batch.Records.ToArray())
            {
                if (record.Headers.Find(HeaderName) is { } identity)
                {
                    published.Add(Encoding.UTF8.GetString(identity.Span));
                }

                if (!done[record.Partition] && record.Offset + 1 >= ends[record.Partition])
                {
                    done[record.Partition] = true;
                    remaining--;
                }
            }
        }
    }
}
