namespace Kappa.Log.Embedded.Storage;

/// <summary>
/// Opens segment files, trusting a persisted index when it matches the file and otherwise rebuilding it by a
/// full scan. The scan checks every frame's length, CRC and base offset (offsets must stay dense) and keeps the
/// longest prefix that ends on a complete append (a frame without the "more frames follow" bit); anything after
/// it, a torn or half-written tail, is truncated. So after a crash no record of an unacknowledged append is
/// visible, and offsets stay dense.
/// </summary>
internal static class SegmentRecovery
{
    private const int ScanBufferBytes = 1 << 20;

    /// <summary>An opened segment; whether its index was rebuilt by a scan, and whether bytes past its valid prefix were cut.</summary>
    public readonly record struct Opened(Segment Segment, bool IndexRebuilt, bool Truncated);

    public static Opened Open(string directory, long baseOffset, int indexIntervalBytes)
    {
        var logPath = Path.Combine(directory, Segment.FileStem(baseOffset) + ".log");
        var indexPath = Path.Combine(directory, Segment.FileStem(baseOffset) + ".index");
        var handle = Segment.OpenFile(logPath);
        try
        {
            var length = RandomAccess.GetLength(handle);
            if (IndexFile.TryLoad(indexPath, baseOffset, length) is { } loaded)
            {
                return new Opened(Segment.FromRecovered(directory, baseOffset, handle, loaded.Entries, loaded.Summary, indexIntervalBytes), IndexRebuilt: false, Truncated: false);
            }

            var (summary, entries) = Scan(handle, baseOffset, length, indexIntervalBytes);
            var truncated = summary.Length < length;
            if (truncated)
            {
                RandomAccess.SetLength(handle, summary.Length);
            }

            return new Opened(Segment.FromRecovered(directory, baseOffset, handle, entries, summary, indexIntervalBytes), IndexRebuilt: true, truncated);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Scans a segment file and returns the summary and index of its longest valid prefix.</summary>
    public static (SegmentSummary Summary, IndexEntry[] Entries) Scan(
        Microsoft.Win32.SafeHandles.SafeFileHandle handle,
        long baseOffset,
        long fileLength,
        int indexIntervalBytes)
    {
        using var scanner = new FrameScanner(handle, 0, fileLength, ScanBufferBytes);
        var entries = new List<IndexEntry>();
        var expected = baseOffset;
        var maxTimestamp = long.MinValue;
        var lastIndexed = long.MinValue / 2;
        var committed = new SegmentSummary(0, baseOffset, long.MinValue);
        var committedEntries = 0;
        while (scanner.MoveNext())
        {
            var frame = scanner.Frame;
            if (!FrameFormat.IsValid(frame) || FrameFormat.ReadBaseOffset(frame) != expected)
            {
                break;
            }

            var position = scanner.Position;
            if (position - lastIndexed >= indexIntervalBytes)
            {
                entries.Add(new IndexEntry(expected, position, maxTimestamp));
                lastIndexed = position;
            }

            expected += FrameFormat.ReadRecordCount(frame);
            maxTimestamp = Math.Max(maxTimestamp, FrameFormat.ReadMaxTimestamp(frame));
            if ((FrameFormat.ReadAttributes(frame) & FrameFormat.MoreFramesFollow) == 0)
            {
                committed = new SegmentSummary(position + frame.Length, expected, maxTimestamp);
                committedEntries = entries.Count;
            }
        }

        return (committed, entries.GetRange(0, committedEntries).ToArray());
    }
}
