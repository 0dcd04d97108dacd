using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Kappa.Log.Abstractions;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// Keeps dead letters and late records from being published twice. Each carries the header
/// <see cref="HeaderName"/> = <c>view.vN[partition]@offset</c>, naming the task and the input record it rejects;
/// an input record is rejected at most once, and deterministically, so whoever processes it again names it alike.
/// <para>
/// Before a commit stages rejected records, <see cref="MarkAsync"/> notes where each partition of the dead-letter and
/// late topics ends. The marks commit with the outbox in the task's store, and are also committed as bookmarks in the
/// log (group <see cref="GroupNames.BookmarkPrefix"/> + task), before any of those records is published. So every
/// rejected record a task published that its last commit of input offsets does not cover lies past the latest marks.
/// </para>
/// <list type="bullet">
/// <item>After a crash between publishing and forgetting the outbox, <see cref="WithoutPublishedAsync"/> reads the
/// topics from the store's marks on and drops the rejected records already there.</item>
/// <item>A process that takes a partition over without its store restores the state from the log and then asks
/// <see cref="PublishedFromAsync"/> which rejections the previous owner already published past the committed offset,
/// reading from the bookmarks on.</item>
/// </list>
/// Changelog records need none of this: they are idempotent upserts.
/// </summary>
internal sealed class RejectionLedger(ILog log, CompiledView view, string tag) : IDisposable
{
    public const string HeaderName = "kappa.outbox";

    private readonly string _identityPrefix = tag + "@";
    private ILogConsumer? _consumer;

    private ILogConsumer Consumer => _consumer ??= log.CreateConsumer(GroupNames.BookmarkPrefix + tag);

    /// <summary>A task's tag, which names its rejections (tag@input offset) and its bookmarks' group.</summary>
    public static string TagOf(string view, int version, int partition) => $"{view}.v{version}[{partition}]";

    /// <summary>The group that holds a task's bookmarks.</summary>
    public static string GroupOf(string view, int version, int partition) => GroupNames.BookmarkPrefix + TagOf(view, version, partition);

    private string[] Topics => [view.DeadLetterTopic, view.LateTopic];

    /// <summary>How long reading the rejection topics back may take before the task fails rather than guess.</summary>
    private static readonly TimeSpan CollectTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// While true, <see cref="MarkAsync"/> leaves the bookmarks where they are: this task found rejections a previous
    /// owner published past the group's offset, and until its own group commit passes them, a next owner must still
    /// find them from the bookmarks.
    /// </summary>
    public bool HoldBookmarks { get; set; }

    /// <summary>The header value of the rejected record for input offset <paramref name="inputOffset"/>.</summary>
    public string Identity(long inputOffset) => _identityPrefix + inputOffset.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Where each partition of the dead-letter and late topics ends now, committed as this task's bookmarks and
    /// returned encoded for the task store.
    /// </summary>
    public async Task<byte[]> MarkAsync(CancellationToken cancellationToken)
    {
        var ends = new List<TopicPartitionOffset>();
        var counts = new int[2];
        for (var t = 0; t < Topics.Length; t++)
        {
            var description = await log.Admin.DescribeTopicAsync(Topics[t], cancellationToken);
            counts[t] = description?.Partitions ?? 0;
            for (var p = 0; p < counts[t]; p++)
            {
                var partition = new TopicPartition(Topics[t], p);
                ends.Add(new TopicPartitionOffset(partition.Topic, p, Consumer.GetWatermarks(partition).High));
            }
        }

        if (ends.Count > 0 && !HoldBookmarks)
        {
            await Consumer.CommitAsync(ends, cancellationToken);
        }

        var marks = new byte[8 + (8 * ends.Count)];
        BinaryPrimitives.WriteInt32BigEndian(marks, counts[0]);
        BinaryPrimitives.WriteInt32BigEndian(marks.AsSpan(4), counts[1]);
        for (var i = 0; i < ends.Count; i++)
        {
            BinaryPrimitives.WriteInt64BigEndian(marks.AsSpan(8 + (8 * i)), ends[i].Offset);
        }

        return marks;
    }

    /// <summary>The pending outbox without the rejected records the topics already hold past the marks.</summary>
    public async Task<IReadOnlyList<OutboxRecord>> WithoutPublishedAsync(
        IReadOnlyList<OutboxRecord> pending,
        byte[]? marks,
        CancellationToken cancellationToken)
    {
        if (!pending.Any(IsRejection))
        {
            return pending;
        }

        var published = new HashSet<string>(StringComparer.Ordinal);
        var first = 0;
        for (var t = 0; t < Topics.Length; t++)
        {
            var marked = marks is null ? 0 : BinaryPrimitives.ReadInt32BigEndian(marks.AsSpan(4 * t));
            var from = new long[marked];
            for (var p = 0; p < marked; p++)
            {
                from[p] = BinaryPrimitives.ReadInt64BigEndian(marks.AsSpan(8 + (8 * (first + p))));
            }

            first += marked;
            await CollectAsync(Topics[t], from, published, cancellationToken);
        }

        return [.. pending.Where(r => !IsRejection(r) || IdentityOf(r) is not { } id || !published.Contains(id))];
    }

    /// <summary>
    /// The input offsets from <paramref name="from"/> on whose rejected records this task's partition already has in
    /// the dead-letter or late topics, published by a previous owner after its last commit of input offsets.
    /// </summary>
    public async Task<HashSet<long>> PublishedFromAsync(long from, CancellationToken cancellationToken)
    {
        var offsets = new HashSet<long>();
        var published = new HashSet<string>(StringComparer.Ordinal);
        foreach (var topic in Topics)
        {
            var description = await log.Admin.DescribeTopicAsync(topic, cancellationToken);
            var bookmarks = new long[description?.Partitions ?? 0];
            var any = false;
            for (var p = 0; p < bookmarks.Length; p++)
            {
                var bookmark = await Consumer.CommittedAsync(new TopicPartition(topic, p), cancellationToken);
                any |= bookmark is not null;
                bookmarks[p] = bookmark ?? 0;
            }

            // No bookmark at all: no owner ever staged a rejection for this task, so none was published.
            if (any)
            {
                await CollectAsync(topic, bookmarks, published, cancellationToken);
            }
        }

        foreach (var identity in published)
        {
            if (identity.StartsWith(_identityPrefix, StringComparison.Ordinal)
                && long.TryParse(identity.AsSpan(_identityPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                && offset >= from)
            {
                offsets.Add(offset);
            }
        }

        return offsets;
    }

    public void Dispose() => _consumer?.Dispose();

    private static bool IsRejection(OutboxRecord record) => record.Destination is OutboxDestination.DeadLetters or OutboxDestination.Late;

    private static string? IdentityOf(OutboxRecord record) =>
        new RecordHeaders(record.Headers).Find(HeaderName) is { } identity ? Encoding.UTF8.GetString(identity.Span) : null;

    /// <summary>
    /// Adds the identities in <paramref name="topic"/> from <paramref name="from"/> (per partition) to its end. A
    /// partition past <paramref name="from"/>'s length was created after the marks: all of it is newer.
    /// </summary>
    private async Task CollectAsync(string topic, long[] from, HashSet<string> published, CancellationToken cancellationToken)
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
            var begin = p < from.Length ? from[p] : 0;
            ends[p] = reader.GetWatermarks(new TopicPartition(topic, p)).High;
            if (begin < ends[p])
            {
                start.Add(new TopicPartitionOffset(topic, p, begin));
            }
        }

        if (start.Count == 0)
        {
            return;
        }

        reader.Assign(start);
        var remaining = start.Count;
        var done = new bool[description.Partitions];
        var deadline = DateTime.UtcNow + CollectTimeout;
        while (remaining > 0)
        {
            // An empty poll is no proof of the end (a new client's first fetch can be slow): only the offsets are.
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"reading '{topic}' back to find published rejections did not reach its end in {CollectTimeout.TotalSeconds} s");
            }

            var batch = await reader.PollAsync(10_000, TimeSpan.FromSeconds(1), cancellationToken);
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
