using System.Text;
using Kappa.Log.Abstractions;
using Kappa.Log.Embedded;

namespace Kappa.Log.Tests.Embedded;

/// <summary>Shorthands for building records and draining partitions in tests.</summary>
internal static class LogTestExtensions
{
    public static EmbeddedLog OpenLog(string directory, Action<EmbeddedLogOptions>? configure = null)
    {
        var options = new EmbeddedLogOptions { DataDirectory = directory };
        configure?.Invoke(options);
        return EmbeddedLog.Open(options);
    }

    public static ProducerRecord Record(string? key, string? value, long timestamp = 0, int? partition = null) =>
        new(Bytes(key), Bytes(value), timestamp, partition);

    /// <summary>
    /// UTF-8 bytes, or null. The cast matters: in <c>c ? null : memory</c> the null converts through <c>byte[]</c> to an
    /// empty, non-null <see cref="ReadOnlyMemory{T}"/>, which is a different record.
    /// </summary>
    public static ReadOnlyMemory<byte>? Bytes(string? text) => text is null ? (ReadOnlyMemory<byte>?)null : Encoding.UTF8.GetBytes(text);

    public static ProducerRecord[] Numbered(int count, int partition, long firstTimestamp = 0, int valueBytes = 8) =>
        [.. Enumerable.Range(0, count).Select(i => new ProducerRecord(
            null,
            Encoding.UTF8.GetBytes(i.ToString("D" + valueBytes, System.Globalization.CultureInfo.InvariantCulture)),
            firstTimestamp + i,
            partition))];

    public static string? Text(this ReadOnlyMemory<byte>? bytes) => bytes is { } b ? Encoding.UTF8.GetString(b.Span) : null;

    /// <summary>Reads a partition from <paramref name="from"/> until its high watermark, returning (offset, value, timestamp).</summary>
    public static async Task<List<(long Offset, string? Value, long Timestamp)>> ReadAllAsync(this ILog log, string topic, int partition, long from = LogOffset.Beginning)
    {
        using var consumer = log.CreateConsumer("reader-" + Guid.NewGuid().ToString("N"));
        var tp = new TopicPartition(topic, partition);
        consumer.Assign([new TopicPartitionOffset(topic, partition, from)]);
        var high = consumer.GetWatermarks(tp).High;
        var result = new List<(long, string?, long)>();
        while (consumer.Position(tp) < high)
        {
            var batch = await consumer.PollAsync(1000, TimeSpan.FromSeconds(5));
            if (batch.IsEmpty)
            {
                throw new InvalidOperationException($"no records before {high}, stuck at {consumer.Position(tp)}");
            }

            foreach (var record in batch.Records)
            {
                result.Add((record.Offset, record.Value.Text(), record.Timestamp));
            }
        }

        return result;
    }
}
