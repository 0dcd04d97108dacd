using System.Globalization;
using System.Text;
using Kappa.Log.Abstractions;
using Kappa.Processor.Windows;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// Builds the outbox records for events a view rejects: dead letters (with the reason and the origin) and late
/// records (with the window and the watermark). Key, value, timestamp and headers are the original record's, as
/// Kafka Connect's dead-letter queue keeps them (a <c>traceparent</c> among them still links the record to the trace
/// that produced it), followed by Kappa's own; a source header in Kappa's <c>kappa.</c> namespace is left out, so each
/// of those appears once and means what Kappa says. No header carries wall-clock time, so a republished record
/// repeats the same bytes.
/// </summary>
internal static class RejectedRecords
{
    public static OutboxRecord DeadLetter(in LogRecord record, long sequence, string identity, string view, string error) =>
        Copy(in record, sequence, OutboxDestination.DeadLetters,
        [
            Header(RejectionLedger.HeaderName, identity),
            Header("kappa.error", error),
            Header("kappa.view", view),
            Header("kappa.source.topic", record.Topic),
            Header("kappa.source.partition", Text(record.Partition)),
            Header("kappa.source.offset", Text(record.Offset)),
            Header("kappa.source.timestamp", Text(record.Timestamp)),
        ]);

    public static OutboxRecord Late(in LogRecord record, long sequence, string identity, string view, Window window, long watermark) =>
        Copy(in record, sequence, OutboxDestination.Late,
        [
            Header(RejectionLedger.HeaderName, identity),
            Header("kappa.view", view),
            Header("kappa.window.start", Time(window.Start)),
            Header("kappa.window.end", Time(window.End)),
            Header("kappa.watermark", Time(watermark)),
            Header("kappa.source.partition", Text(record.Partition)),
            Header("kappa.source.offset", Text(record.Offset)),
        ]);

    private const string OwnPrefix = "kappa.";

    private static OutboxRecord Copy(in LogRecord record, long sequence, OutboxDestination destination, RecordHeader[] own)
    {
        IReadOnlyList<RecordHeader> headers = record.Headers.IsEmpty
            ? own
            : [.. record.Headers.ToList().Where(h => !h.Name.StartsWith(OwnPrefix, StringComparison.Ordinal)), .. own];
        var encoded = new byte[RecordHeaders.EncodedLength(headers)];
        RecordHeaders.Encode(headers, encoded);
        return new OutboxRecord(
            sequence,
            destination,
            record.Partition,
            record.Timestamp,
            record.Key?.ToArray(),
            record.Value?.ToArray(),
            encoded);
    }

    private static RecordHeader Header(string name, string value) => new(name, Encoding.UTF8.GetBytes(value));

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Time(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("O", CultureInfo.InvariantCulture);
}
