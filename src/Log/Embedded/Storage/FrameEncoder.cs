using System.Buffers;
using System.Buffers.Binary;
using Kappa.Log.Abstractions;

namespace Kappa.Log.Embedded.Storage;

/// <summary>
/// Turns producer records into frames (<see cref="FrameFormat"/>). A partition's share of an append becomes
/// frames of about <see cref="TargetFrameBytes"/> each, so readers can start near any offset and fetch with
/// small buffers; a record larger than that gets a frame of its own.
/// </summary>
internal static class FrameEncoder
{
    public const int TargetFrameBytes = 32 * 1024;

    /// <summary>
    /// Encodes <c>records[order[i]]</c> in order, or all records in order when <paramref name="order"/> is empty.
    /// Every frame but the last is marked as followed by more frames of the same append.
    /// </summary>
    public static EncodedFrames Encode(ReadOnlySpan<ProducerRecord> records, ReadOnlySpan<int> order)
    {
        var count = order.IsEmpty ? records.Length : order.Length;
        long payload = 0;
        for (var i = 0; i < count; i++)
        {
            payload += EncodedSize(in records[order.IsEmpty ? i : order[i]]);
        }

        var bound = payload + (((payload / TargetFrameBytes) + 1) * FrameFormat.HeaderSize);
        if (bound > Array.MaxLength)
        {
            throw new ArgumentException($"an append to one partition may hold at most {Array.MaxLength} bytes", nameof(records));
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)bound);
        var span = buffer.AsSpan();
        var frameStart = 0;
        var pos = FrameFormat.HeaderSize;
        var frameRecords = 0;
        var maxTimestamp = long.MinValue;
        for (var i = 0; i < count; i++)
        {
            if (frameRecords > 0 && pos - frameStart - FrameFormat.HeaderSize >= TargetFrameBytes)
            {
                CloseFrame(span[frameStart..pos], FrameFormat.MoreFramesFollow, frameRecords, maxTimestamp);
                frameStart = pos;
                pos += FrameFormat.HeaderSize;
                frameRecords = 0;
                maxTimestamp = long.MinValue;
            }

            ref readonly var record = ref records[order.IsEmpty ? i : order[i]];
            pos = WriteRecord(span, pos, in record);
            maxTimestamp = Math.Max(maxTimestamp, record.Timestamp);
            frameRecords++;
        }

        CloseFrame(span[frameStart..pos], 0, frameRecords, maxTimestamp);
        return new EncodedFrames(buffer, pos, count);
    }

    private static long EncodedSize(in ProducerRecord record) =>
        FrameFormat.RecordOverhead
        + (record.Key?.Length ?? 0)
        + (record.Value?.Length ?? 0)
        + RecordHeaders.EncodedLength(record.Headers);

    private static int WriteRecord(Span<byte> span, int pos, in ProducerRecord record)
    {
        BinaryPrimitives.WriteInt64LittleEndian(span[pos..], record.Timestamp);
        pos = WriteBytes(span, pos + 8, record.Key);
        pos = WriteBytes(span, pos, record.Value);
        var headersLength = RecordHeaders.Encode(record.Headers, span[(pos + 4)..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[pos..], headersLength);
        return pos + 4 + headersLength;
    }

    private static int WriteBytes(Span<byte> span, int pos, ReadOnlyMemory<byte>? bytes)
    {
        if (bytes is not { } value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[pos..], -1);
            return pos + 4;
        }

        BinaryPrimitives.WriteInt32LittleEndian(span[pos..], value.Length);
        value.Span.CopyTo(span[(pos + 4)..]);
        return pos + 4 + value.Length;
    }

    private static void CloseFrame(Span<byte> frame, byte attributes, int recordCount, long maxTimestamp)
    {
        FrameFormat.WriteHeader(frame, frame.Length, attributes, recordCount, maxTimestamp);
        FrameFormat.WriteCrc(frame);
    }
}
