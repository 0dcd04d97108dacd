using System.Buffers.Binary;

namespace Kappa.Log.Embedded.Storage;

/// <summary>
/// The on-disk frame: Kafka's record batch, simplified. All integers are little-endian.
/// <code>
/// 0  int32  frameLength    total bytes of the frame, this field included
/// 4  int64  baseOffset     offset of the first record; written under the partition lock, outside the CRC
/// 12 uint32 crc            CRC-32C of bytes [16, frameLength)
/// 16 byte   magic          1
/// 17 byte   attributes     bit 0: more frames of the same append follow
/// 18 int32  recordCount    at least 1; record i has offset baseOffset + i
/// 22 int64  maxTimestamp   largest record timestamp in the frame
/// 30 records: int64 timestamp, int32 keyLength (-1 null), key, int32 valueLength (-1 null), value,
///             int32 headersLength (0 none), headers (<see cref="Abstractions.RecordHeaders"/> encoding)
/// </code>
/// As in Kafka, the CRC leaves out the base offset so offsets can be assigned after the frame is checksummed,
/// outside the partition lock. A torn or corrupt frame fails its length or CRC check; a wrong base offset
/// fails the density check recovery makes.
/// </summary>
internal static class FrameFormat
{
    public const int HeaderSize = 30;
    public const int RecordOverhead = 20;
    public const byte Magic = 1;
    public const byte MoreFramesFollow = 1;

    private const int CrcOffset = 12;
    private const int CrcStart = 16;

    public static int ReadLength(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadInt32LittleEndian(frame);

    public static long ReadBaseOffset(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadInt64LittleEndian(frame[4..]);

    public static byte ReadAttributes(ReadOnlySpan<byte> frame) => frame[17];

    public static int ReadRecordCount(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadInt32LittleEndian(frame[18..]);

    public static long ReadMaxTimestamp(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadInt64LittleEndian(frame[22..]);

    public static void WriteBaseOffset(Span<byte> frame, long baseOffset) =>
        BinaryPrimitives.WriteInt64LittleEndian(frame[4..], baseOffset);

    /// <summary>Writes everything but the base offset and the CRC.</summary>
    public static void WriteHeader(Span<byte> frame, int frameLength, byte attributes, int recordCount, long maxTimestamp)
    {
        BinaryPrimitives.WriteInt32LittleEndian(frame, frameLength);
        frame[16] = Magic;
        frame[17] = attributes;
        BinaryPrimitives.WriteInt32LittleEndian(frame[18..], recordCount);
        BinaryPrimitives.WriteInt64LittleEndian(frame[22..], maxTimestamp);
    }

    public static void WriteCrc(Span<byte> frame)
    {
        var length = ReadLength(frame);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[CrcOffset..], Crc32C.Compute(frame[CrcStart..length]));
    }

    /// <summary>
    /// Whether <paramref name="available"/> starts with a complete frame whose header is sane. Returns the frame
    /// length through <paramref name="frameLength"/> (0 when not even the header is there).
    /// </summary>
    public static bool HasCompleteFrame(ReadOnlySpan<byte> available, out int frameLength)
    {
        frameLength = 0;
        if (available.Length < HeaderSize)
        {
            return false;
        }

        frameLength = ReadLength(available);
        return frameLength >= HeaderSize + RecordOverhead && frameLength <= available.Length;
    }

    /// <summary>Whether a complete frame's header is well formed and its CRC matches.</summary>
    public static bool IsValid(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < HeaderSize + RecordOverhead || ReadLength(frame) != frame.Length || frame[16] != Magic)
        {
            return false;
        }

        var count = ReadRecordCount(frame);
        if (count < 1 || count > (frame.Length - HeaderSize) / RecordOverhead)
        {
            return false;
        }

        return BinaryPrimitives.ReadUInt32LittleEndian(frame[CrcOffset..]) == Crc32C.Compute(frame[CrcStart..]);
    }
}
