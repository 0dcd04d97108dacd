using System.Buffers;
using System.Buffers.Binary;
using Kappa.Contracts.Views;
using Kappa.Log.Abstractions;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// Publishes outbox records: topic by topic, in the order of their first record, records of a topic in sequence
/// order, in appends of at most <see cref="MaxRecordsPerAppend"/> records. Changelog records go to <paramref name="changelogPartition"/> (the source partition's, unless
/// the source grew more partitions than its changelog has: see <see cref="ChangelogPartitionOf"/>); dead letters and
/// late records are placed by key. Rows referenced by <see cref="OutboxDestination.ChangelogRows"/> records are looked
/// up, and rows of <see cref="OutboxDestination.ClosedRows"/> records read from their staged states, and rendered here, each as its own changelog record in the order listed, into a buffer reused from append to
/// append, as is the array of producer records: publishing allocates nothing per record, and its buffers stay small
/// however large the commit. The last changelog record of
/// a commit carries the task's telemetry headers (<see cref="Telemetry.ChangelogHeaders"/>), when it has a
/// <paramref name="telemetry"/>. Not thread-safe: one publisher per task.
/// </summary>
internal sealed class OutboxPublisher(
    CompiledView view,
    string changelog,
    int partition,
    int changelogPartition,
    Func<ReadOnlySpan<byte>, RowState> findRow,
    Func<ReadOnlySpan<byte>, RowState> readState,
    Telemetry.TaskTelemetry? telemetry = null)
{
    private readonly RowRenderer _renderer = new(view);
    private readonly string?[] _order = new string?[3];
    private readonly ArrayBufferWriter<byte> _rendered = new(64 * 1024);
    private ProducerRecord[] _records = [];
    // Per record of the append being filled: the outbox index of a whole record as ~index, or a rendered row's number;
    // per rendered row: where its key ends and its value ends in the render buffer, and its window start.
    private int[] _entries = [];
    private int[] _keyEnds = [];
    private int[] _ends = [];
    private long[] _starts = [];

    /// <summary>The most records one append carries: a commit's records go out in appends of this many, in order.</summary>
    public const int MaxRecordsPerAppend = 4096;

    /// <summary>
    /// The key and value bytes (rendered rows, and whole records' own) past which an append is closed early: with
    /// <see cref="MaxRecordsPerAppend"/> it bounds the render buffer, the record array and the log's encoding buffers
    /// whatever the size of a commit, so that a commit of a million rows (a task catching up over many keys) costs no
    /// more memory than one of a thousand.
    /// </summary>
    public const int MaxBytesPerAppend = 1024 * 1024;

    public async Task PublishAsync(ILogProducer producer, IReadOnlyList<OutboxRecord> outbox, CancellationToken cancellationToken)
    {
        var topics = Order(outbox);
        for (var t = 0; t < topics; t++)
        {
            var topic = _order[t]!;
            var from = default(Cursor);
            while (true)
            {
                var count = Fill(outbox, topic, ref from, out var more);
                if (count == 0)
                {
                    break;
                }

                if (topic == changelog && !more && telemetry?.CommitHeaders() is { } headers)
                {
                    var last = _records[count - 1];
                    _records[count - 1] = last with { Headers = last.Headers is { Count: > 0 } own ? [.. own, .. headers] : headers };
                }

                try
                {
                    await producer.AppendAsync(topic, _records.AsMemory(0, count), cancellationToken);
                }
                finally
                {
                    // The records reference the outbox's arrays; do not keep them alive until the next commit.
                    Array.Clear(_records, 0, count);
                }

                if (!more)
                {
                    break;
                }
            }
        }
    }

    /// <summary>
    /// The changelog partition of a source partition: the same number, or, for a partition added to the source after
    /// the changelog was created (Kafka lets an operator add partitions), that number modulo the changelog's count.
    /// Any fixed mapping is correct: a changelog record names its source partition in its key and value, and all of
    /// one source partition's records go through one changelog partition, in order, so the materializer still sees
    /// each (row, source partition) partial in the order it was published.
    /// </summary>
    public static int ChangelogPartitionOf(int partition, int changelogPartitions) => partition % changelogPartitions;

    private string TopicOf(OutboxDestination destination) => destination switch
    {
        OutboxDestination.Changelog or OutboxDestination.ChangelogRows or OutboxDestination.ClosedRows => changelog,
        OutboxDestination.DeadLetters => view.DeadLetterTopic,
        OutboxDestination.Late => view.LateTopic,
        _ => throw new InvalidOperationException($"an outbox record for destination {destination}, which this version does not know: the store was written by a later version"),
    };

    /// <summary>Writes the distinct topics, in the order of their first record, into <c>_order</c>; returns how many.</summary>
    private int Order(IReadOnlyList<OutboxRecord> outbox)
    {
        var count = 0;
        for (var i = 0; i < outbox.Count && count < _order.Length; i++)
        {
            var topic = TopicOf(outbox[i].Destination);
            if (Array.IndexOf(_order, topic, 0, count) < 0)
            {
                _order[count++] = topic;
            }
        }

        return count;
    }

    /// <summary>
    /// Fills <c>_records</c> with the next append's records of <paramref name="topic"/>, from <paramref name="from"/>
    /// (moved past them); <paramref name="more"/> tells whether records of the topic remain. Returns how many.
    /// </summary>
    private int Fill(IReadOnlyList<OutboxRecord> outbox, string topic, ref Cursor from, out bool more)
    {
        // Render the chunk's rows, each as changelog key then value, and note what goes where; the producer records
        // are made after, once the render buffer no longer moves.
        _rendered.ResetWrittenCount();
        var records = 0;
        var rendered = 0;
        var wholeBytes = 0L;
        var index = from.Index;
        var pos = from.Position;
        for (; index < outbox.Count && Room(records, wholeBytes); index++, pos = 0)
        {
            var record = outbox[index];
            if (TopicOf(record.Destination) != topic)
            {
                continue;
            }

            if (!ListsRows(record.Destination))
            {
                Grow(ref _entries, records + 1);
                _entries[records++] = ~index;
                wholeBytes += (record.Key?.Length ?? 0) + (record.Value?.Length ?? 0);
                continue;
            }

            var value = record.Value.AsSpan();
            while (pos < value.Length && Room(records, wholeBytes))
            {
                if (record.Destination == OutboxDestination.ChangelogRows)
                {
                    var rowKey = OutboxRecord.NextRowKey(value, ref pos);
                    Render(rowKey, findRow(rowKey), rendered);
                }
                else
                {
                    var rowKey = OutboxRecord.NextClosedRow(value, ref pos, out var state);
                    Render(rowKey, readState(state), rendered);
                }

                Grow(ref _entries, records + 1);
                _entries[records++] = rendered++;
            }

            if (pos < value.Length)
            {
                break;
            }
        }

        more = false;
        for (var k = index; k < outbox.Count && !more; k++)
        {
            more = (k == index && pos > 0) || TopicOf(outbox[k].Destination) == topic;
        }

        Grow(ref _records, records);
        var memory = _rendered.WrittenMemory;
        for (var i = 0; i < records; i++)
        {
            var entry = _entries[i];
            if (entry < 0)
            {
                var record = outbox[~entry];
                _records[i] = new ProducerRecord(
                    Memory(record.Key),
                    Memory(record.Value),
                    record.Timestamp,
                    record.Destination == OutboxDestination.Changelog ? changelogPartition : null,
                    record.Headers.Length == 0 ? null : new RecordHeaders(record.Headers).ToList());
            }
            else
            {
                // The record timestamp is the window start: derived from the log, never from the clock.
                var start = entry == 0 ? 0 : _ends[entry - 1];
                _records[i] = new ProducerRecord(memory[start.._keyEnds[entry]], memory[_keyEnds[entry].._ends[entry]], _starts[entry], changelogPartition);
            }
        }

        from = new Cursor(index, pos);
        return records;
    }

    private static bool ListsRows(OutboxDestination destination) =>
        destination is OutboxDestination.ChangelogRows or OutboxDestination.ClosedRows;

    private bool Room(int records, long wholeBytes) =>
        records < MaxRecordsPerAppend && _rendered.WrittenCount + wholeBytes < MaxBytesPerAppend;

    private static void Grow<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            Array.Resize(ref array, Math.Max(length, array.Length * 2));
        }
    }

    /// <summary>
    /// Renders row <paramref name="number"/> of the append: its changelog key (row key, then the partition), then its
    /// partial row JSON; notes where each ends and the row's window start (its record's timestamp).
    /// </summary>
    private void Render(ReadOnlySpan<byte> rowKey, RowState row, int number)
    {
        var key = _rendered.GetSpan(rowKey.Length + sizeof(int));
        rowKey.CopyTo(key);
        BinaryPrimitives.WriteInt32BigEndian(key[rowKey.Length..], partition);
        _rendered.Advance(rowKey.Length + sizeof(int));
        Grow(ref _keyEnds, number + 1);
        Grow(ref _ends, number + 1);
        Grow(ref _starts, number + 1);
        _keyEnds[number] = _rendered.WrittenCount;
        _renderer.RenderPartial(GroupKeyOf(rowKey), row, partition, _rendered);
        _ends[number] = _rendered.WrittenCount;
        _starts[number] = row.Window.Start;
    }

    /// <summary>The group key of a row key: a slice of it unless the key had bytes that needed escaping.</summary>
    public static ReadOnlySpan<byte> GroupKeyOf(ReadOnlySpan<byte> rowKey)
    {
        var escaped = rowKey[..^(1 + sizeof(long))];
        return escaped.Contains((byte)0x01) ? RowKey.Decode(rowKey).Key : escaped;
    }

    // The cast matters: a bare null byte[] would convert to an empty, non-null memory, turning null keys and
    // tombstones into empty ones.
    private static ReadOnlyMemory<byte>? Memory(byte[]? bytes) => bytes is null ? (ReadOnlyMemory<byte>?)null : bytes;

    /// <summary>Where publishing a topic stands: the outbox record, and inside a row-references record the byte position.</summary>
    private readonly record struct Cursor(int Index, int Position);
}
