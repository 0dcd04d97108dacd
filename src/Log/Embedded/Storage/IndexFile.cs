using System.Buffers.Binary;

namespace Kappa.Log.Embedded.Storage;

/// <summary>What an index file says about its segment, trusted only when it matches the segment file.</summary>
internal readonly record struct SegmentSummary(long Length, long NextOffset, long MaxTimestamp);

/// <summary>
/// The persisted sparse index of a segment (<c>.index</c> beside the <c>.log</c>), so that opening a large log
/// reads a few bytes per segment instead of rescanning it. Layout, little-endian:
/// <c>"KIDX", int32 version, int64 segmentLength, int64 nextOffset, int64 maxTimestamp, int32 count,
/// count x (int64 offset, int64 position, int64 maxTimestampBefore), uint32 CRC-32C of everything before</c>.
/// A file that is missing, fails its CRC, disagrees with the segment's length or breaks the index invariants is
/// ignored, and the caller rebuilds the index by scanning the segment.
/// </summary>
internal static class IndexFile
{
    private const int Version = 1;
    private const int HeaderSize = 4 + 4 + 8 + 8 + 8 + 4;
    private const int EntrySize = 24;
    private static readonly byte[] MagicBytes = "KIDX"u8.ToArray();

    public static void Write(string path, SegmentSummary summary, IndexEntry[] entries)
    {
        var bytes = new byte[HeaderSize + (entries.Length * EntrySize) + 4];
        var span = bytes.AsSpan();
        MagicBytes.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], Version);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], summary.Length);
        BinaryPrimitives.WriteInt64LittleEndian(span[16..], summary.NextOffset);
        BinaryPrimitives.WriteInt64LittleEndian(span[24..], summary.MaxTimestamp);
        BinaryPrimitives.WriteInt32LittleEndian(span[32..], entries.Length);
        var pos = HeaderSize;
        foreach (var entry in entries)
        {
            BinaryPrimitives.WriteInt64LittleEndian(span[pos..], entry.Offset);
            BinaryPrimitives.WriteInt64LittleEndian(span[(pos + 8)..], entry.Position);
            BinaryPrimitives.WriteInt64LittleEndian(span[(pos + 16)..], entry.MaxTimestampBefore);
            pos += EntrySize;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(span[pos..], Crc32C.Compute(span[..pos]));
        AtomicFile.Write(path, bytes, durable: true);
    }

    /// <summary>Loads the index of the segment starting at <paramref name="baseOffset"/>, or null when it cannot be trusted.</summary>
    public static (SegmentSummary Summary, IndexEntry[] Entries)? TryLoad(string path, long baseOffset, long segmentLength)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        var span = bytes.AsSpan();
        if (span.Length < HeaderSize + 4 || !span[..4].SequenceEqual(MagicBytes)
            || BinaryPrimitives.ReadInt32LittleEndian(span[4..]) != Version)
        {
            return null;
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(span[32..]);
        if (count < 0 || span.Length != HeaderSize + ((long)count * EntrySize) + 4)
        {
            return null;
        }

        var crcAt = span.Length - 4;
        if (BinaryPrimitives.ReadUInt32LittleEndian(span[crcAt..]) != Crc32C.Compute(span[..crcAt]))
        {
            return null;
        }

        var summary = new SegmentSummary(
            BinaryPrimitives.ReadInt64LittleEndian(span[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(span[16..]),
            BinaryPrimitives.ReadInt64LittleEndian(span[24..]));
        var entries = new IndexEntry[count];
        for (var i = 0; i < count; i++)
        {
            var at = HeaderSize + (i * EntrySize);
            entries[i] = new IndexEntry(
                BinaryPrimitives.ReadInt64LittleEndian(span[at..]),
                BinaryPrimitives.ReadInt64LittleEndian(span[(at + 8)..]),
                BinaryPrimitives.ReadInt64LittleEndian(span[(at + 16)..]));
        }

        return IsConsistent(summary, entries, baseOffset, segmentLength) ? (summary, entries) : null;
    }

    private static bool IsConsistent(SegmentSummary summary, IndexEntry[] entries, long baseOffset, long segmentLength)
    {
        if (summary.Length != segmentLength || summary.NextOffset < baseOffset)
        {
            return false;
        }

        if (entries.Length == 0)
        {
            return segmentLength == 0 && summary.NextOffset == baseOffset;
        }

        if (entries[0].Offset != baseOffset || entries[0].Position != 0)
        {
            return false;
        }

        for (var i = 1; i < entries.Length; i++)
        {
            var previous = entries[i - 1];
            var entry = entries[i];
            if (entry.Offset <= previous.Offset || entry.Position <= previous.Position
                || entry.MaxTimestampBefore < previous.MaxTimestampBefore)
            {
                return false;
            }
        }

        var last = entries[^1];
        return last.Position < segmentLength && last.Offset < summary.NextOffset
            && last.MaxTimestampBefore <= summary.MaxTimestamp;
    }
}
