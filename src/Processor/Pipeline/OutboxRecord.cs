using System.Buffers.Binary;
using Kappa.Log.Abstractions;

namespace Kappa.Processor.Pipeline;

/// <summary>Where an outbox record goes.</summary>
internal enum OutboxDestination : byte
{
    Changelog = 0,
    DeadLetters = 1,
    Late = 2,
}

/// <summary>
/// A record a task must publish: a row upsert, a dead letter or a late record. It is written to the task's
/// store in the same batch as the input that caused it and deleted only after the log acknowledged it, so it
/// is published at least once, and since republishing repeats identical bytes, in effect exactly once.
/// Layout: destination, partition (int32, -1 = by key), timestamp, key (int32 length, -1 = null), value
/// (int32 length, -1 = null), headers (int32 length, encoded as <see cref="RecordHeaders"/>).
/// </summary>
internal sealed record OutboxRecord(
    long Sequence,
    OutboxDestination Destination,
    int Partition,
    long Timestamp,
    byte[]? Key,
    byte[]? Value,
    byte[] Headers)
{
    public byte[] Encode()
    {
        var buffer = new byte[1 + 4 + 8 + 4 + (Key?.Length ?? 0) + 4 + (Value?.Length ?? 0) + 4 + Headers.Length];
        var span = buffer.AsSpan();
        span[0] = (byte)Destination;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], Partition);
        BinaryPrimitives.WriteInt64BigEndian(span[5..], Timestamp);
        var pos = WriteBytes(span, 13, Key);
        pos = WriteBytes(span, pos, Value);
        WriteBytes(span, pos, Headers);
        return buffer;
    }

    public static OutboxRecord Decode(long sequence, ReadOnlySpan<byte> stored)
    {
        var pos = 13;
        var key = ReadBytes(stored, ref pos);
        var value = ReadBytes(stored, ref pos);
        var headers = ReadBytes(stored, ref pos) ?? [];
        return new OutboxRecord(
            sequence,
            (OutboxDestination)stored[0],
            BinaryPrimitives.ReadInt32BigEndian(stored[1..]),
            BinaryPrimitives.ReadInt64BigEndian(stored[5..]),
            key,
            value,
            headers);
    }

    private static int WriteBytes(Span<byte> span, int pos, byte[]? bytes)
    {
        BinaryPrimitives.WriteInt32BigEndian(span[pos..], bytes?.Length ?? -1);
        bytes?.CopyTo(span[(pos + 4)..]);
        return pos + 4 + (bytes?.Length ?? 0);
    }

    private static byte[]? ReadBytes(ReadOnlySpan<byte> span, ref int pos)
    {
        var length = BinaryPrimitives.ReadInt32BigEndian(span[pos..]);
        pos += 4;
        if (length < 0)
        {
            return null;
        }

        var bytes = span.Slice(pos, length).ToArray();
        pos += length;
        return bytes;
    }
}
