using System.Buffers.Binary;
using Kappa.Log.Abstractions;

namespace Kappa.Processor.Telemetry;

/// <summary>
/// Telemetry a task puts on the last changelog record of each commit, for the materializer: the newest source record
/// timestamp the commit processed (<see cref="SourceTime"/>), from which the materializer measures end-to-end latency
/// once the commit is visible, and the commit's <c>process</c> span (<see cref="Log.Telemetry.TraceParent"/>) when
/// traced. One header set per commit, never per record. Headers are not part of a row: a record republished after a
/// crash carries none, and key and value, which the materializer reads, are the same bytes either way.
/// </summary>
public static class ChangelogHeaders
{
    /// <summary>The header holding the newest source timestamp of the commit, Unix ms, int64 big-endian.</summary>
    public const string SourceTime = "kappa.source_time";

    private static ReadOnlySpan<byte> SourceTimeUtf8 => "kappa.source_time"u8;

    /// <summary>The <see cref="SourceTime"/> header for <paramref name="unixMs"/>.</summary>
    public static RecordHeader SourceTimeHeader(long unixMs)
    {
        var value = new byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(value, unixMs);
        return new RecordHeader(SourceTime, value);
    }

    /// <summary>Reads the <see cref="SourceTime"/> header without allocating; false when absent or malformed.</summary>
    public static bool TryReadSourceTime(in RecordHeaders headers, out long unixMs)
    {
        unixMs = 0;
        if (headers.IsEmpty || !headers.TryFind(SourceTimeUtf8, out var value) || value.Length != sizeof(long))
        {
            return false;
        }

        unixMs = BinaryPrimitives.ReadInt64BigEndian(value.Span);
        return true;
    }
}
