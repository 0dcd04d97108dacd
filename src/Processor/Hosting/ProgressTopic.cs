using System.Buffers.Binary;
using System.Text;
using Kappa.Log.Abstractions;
using Kappa.Processor.Pipeline;

namespace Kappa.Processor.Hosting;

/// <summary>
/// The progress topic <c>_kappa.progress</c>: after every commit a task publishes its <see cref="TaskProgress"/>
/// (counters, next offset, watermark), keyed by task, so that servers that do not run the task (views servers, other
/// workers) know what it did: replay gates count dead letters with it, <c>GET /views</c> and the metrics show it.
/// Compacted: only each task's latest progress matters. One partition: the volume is one small record per task commit.
/// <para>Value layout (big-endian): version byte 1, next offset, watermark, in, applied, filtered, dead-lettered, late
/// (int64 each), finished (byte). Key: <c>view.vN[partition]</c>, UTF-8.</para>
/// </summary>
public static class ProgressTopic
{
    /// <summary>The topic name.</summary>
    public const string Name = "_kappa.progress";

    private const byte Format = 1;
    private const int ValueLength = 1 + (7 * 8) + 1;

    /// <summary>The topic's shape.</summary>
    public static TopicSpec Spec { get; } = new(Name, 1, new TopicConfig(Compacted: true));

    /// <summary>The record of a task's progress; its timestamp is the task's newest event time, never the clock.</summary>
    public static ProducerRecord ToRecord(string view, int version, int partition, TaskProgress progress, long newestEventTime)
    {
        var value = new byte[ValueLength];
        value[0] = Format;
        var span = value.AsSpan(1);
        BinaryPrimitives.WriteInt64BigEndian(span, progress.NextOffset);
        BinaryPrimitives.WriteInt64BigEndian(span[8..], progress.Watermark);
        BinaryPrimitives.WriteInt64BigEndian(span[16..], progress.Counters.In);
        BinaryPrimitives.WriteInt64BigEndian(span[24..], progress.Counters.Applied);
        BinaryPrimitives.WriteInt64BigEndian(span[32..], progress.Counters.Filtered);
        BinaryPrimitives.WriteInt64BigEndian(span[40..], progress.Counters.DeadLettered);
        BinaryPrimitives.WriteInt64BigEndian(span[48..], progress.Counters.Late);
        value[^1] = progress.Finished ? (byte)1 : (byte)0;
        return new ProducerRecord(KeyOf(view, version, partition), value, Math.Max(0, newestEventTime), Partition: 0);
    }

    /// <summary>The tombstone of a dropped version's task: compaction forgets the task, and readers skip it.</summary>
    public static ProducerRecord Tombstone(string view, int version, int partition) =>
        new(KeyOf(view, version, partition), null, 0, Partition: 0);

    private static byte[] KeyOf(string view, int version, int partition) => Encoding.UTF8.GetBytes($"{view}.v{version}[{partition}]");

    /// <summary>Reads a record; false for one this version does not understand (skipped, not fatal).</summary>
    public static bool TryRead(in LogRecord record, out string view, out int version, out int partition, out TaskProgress progress)
    {
        (view, version, partition, progress) = (string.Empty, 0, 0, default);
        if (record.Key is not { } key || record.Value is not { Length: ValueLength } value || value.Span[0] != Format)
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(key.Span);
        var open = text.LastIndexOf('[');
        var dot = text.LastIndexOf(".v", open < 0 ? 0 : open, StringComparison.Ordinal);
        if (open < 0 || dot < 0 || text[^1] != ']'
            || !int.TryParse(text.AsSpan(dot + 2, open - dot - 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out version)
            || !int.TryParse(text.AsSpan(open + 1, text.Length - open - 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out partition))
        {
            return false;
        }

        view = text[..dot];
        var span = value.Span[1..];
        progress = new TaskProgress(
            new TaskCounters(
                BinaryPrimitives.ReadInt64BigEndian(span[16..]),
                BinaryPrimitives.ReadInt64BigEndian(span[24..]),
                BinaryPrimitives.ReadInt64BigEndian(span[32..]),
                BinaryPrimitives.ReadInt64BigEndian(span[40..]),
                BinaryPrimitives.ReadInt64BigEndian(span[48..])),
            BinaryPrimitives.ReadInt64BigEndian(span),
            BinaryPrimitives.ReadInt64BigEndian(span[8..]),
            value.Span[^1] == 1);
        return true;
    }
}
