using System.Buffers.Binary;
using Kappa.Log.Abstractions;

namespace Kappa.Log.Embedded.Storage;

/// <summary>
/// Reads records out of a frame's bytes (layout in <see cref="FrameFormat"/>). Decoded records are views into
/// the buffer: nothing is allocated per record.
/// </summary>
internal static class RecordDecoder
{
    /// <summary>Decodes the record at <paramref name="position"/> and returns the position after it.</summary>
    public static int Decode(byte[] buffer, int position, string topic, int partition, long offset, out LogRecord record)
    {
        var span = buffer.AsSpan();
        var timestamp = BinaryPrimitives.ReadInt64LittleEndian(span[position..]);
        position += 8;
        var key = ReadBytes(buffer, ref position);
        var value = ReadBytes(buffer, ref position);
        var headersLength = BinaryPrimitives.ReadInt32LittleEndian(span[position..]);
        position += 4;
        var headers = new RecordHeaders(new ReadOnlyMemory<byte>(buffer, position, headersLength));
        position += headersLength;
        record = new LogRecord(topic, partition, offset, timestamp, key, value, headers);
        return position;
    }

    /// <summary>Reads only the timestamp of the record at <paramref name="position"/>; returns the position after it.</summary>
    public static int Skip(ReadOnlySpan<byte> frame, int position, out long timestamp)
    {
        timestamp = BinaryPrimitives.ReadInt64LittleEndian(frame[position..]);
        position += 8;
        var keyLength = BinaryPrimitives.ReadInt32LittleEndian(frame[position..]);
        position += 4 + Math.Max(keyLength, 0);
        var valueLength = BinaryPrimitives.ReadInt32LittleEndian(frame[position..]);
        position += 4 + Math.Max(valueLength, 0);
        var headersLength = BinaryPrimitives.ReadInt32LittleEndian(frame[position..]);
        return position + 4 + headersLength;
    }

    private static ReadOnlyMemory<byte>? ReadBytes(byte[] buffer, ref int position)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(position));
        position += 4;
        if (length < 0)
        {
            return null;
        }

        var bytes = new ReadOnlyMemory<byte>(buffer, position, length);
        position += length;
        return bytes;
    }
}
