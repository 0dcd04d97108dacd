using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace Kappa.Log.Embedded.Storage;

/// <summary>
/// One file of a partition: frames holding offsets <see cref="BaseOffset"/> to <see cref="NextOffset"/> - 1, named
/// by the base offset (<c>00000000000000000042.log</c>), with its sparse index beside it.
/// Invariants: the file's first <see cref="Length"/> bytes are whole, valid frames with dense offsets; only the
/// partition's appender (under its lock) calls <see cref="Append"/>, and it publishes <see cref="Length"/> before
/// <see cref="NextOffset"/>, so a reader that sees an offset below <see cref="NextOffset"/> can read its bytes.
/// </summary>
internal sealed class Segment : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly int _indexIntervalBytes;
    private long _length;
    private long _nextOffset;
    private long _maxTimestamp;
    private long _lastIndexedPosition;

    private Segment(string directory, long baseOffset, SafeFileHandle handle, SparseIndex index, SegmentSummary summary, int indexIntervalBytes)
    {
        BaseOffset = baseOffset;
        LogPath = Path.Combine(directory, FileStem(baseOffset) + ".log");
        IndexPath = Path.Combine(directory, FileStem(baseOffset) + ".index");
        _handle = handle;
        Index = index;
        _indexIntervalBytes = indexIntervalBytes;
        _length = summary.Length;
        _nextOffset = summary.NextOffset;
        _maxTimestamp = summary.MaxTimestamp;
        _lastIndexedPosition = index.Count == 0 ? long.MinValue / 2 : index.Last.Position;
    }

    public long BaseOffset { get; }

    public string LogPath { get; }

    public string IndexPath { get; }

    public SparseIndex Index { get; }

    public SafeFileHandle Handle => _handle;

    /// <summary>Bytes of whole frames; readers never look past it.</summary>
    public long Length => Volatile.Read(ref _length);

    /// <summary>The offset the next appended record gets.</summary>
    public long NextOffset => Volatile.Read(ref _nextOffset);

    /// <summary>The largest record timestamp, or <see cref="long.MinValue"/> when empty.</summary>
    public long MaxTimestamp => Volatile.Read(ref _maxTimestamp);

    public SegmentSummary Summary => new(Length, NextOffset, MaxTimestamp);

    public static string FileStem(long baseOffset) => baseOffset.ToString("D20", CultureInfo.InvariantCulture);

    public static bool TryParseBaseOffset(string logPath, out long baseOffset) =>
        long.TryParse(Path.GetFileNameWithoutExtension(logPath), NumberStyles.None, CultureInfo.InvariantCulture, out baseOffset);

    public static Segment Create(string directory, long baseOffset, int indexIntervalBytes)
    {
        var path = Path.Combine(directory, FileStem(baseOffset) + ".log");
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        return new Segment(directory, baseOffset, handle, new SparseIndex(baseOffset, []), new SegmentSummary(0, baseOffset, long.MinValue), indexIntervalBytes);
    }

    /// <summary>Wraps a recovered segment file whose first <paramref name="summary"/>.Length bytes are valid.</summary>
    public static Segment FromRecovered(string directory, long baseOffset, SafeFileHandle handle, IndexEntry[] entries, SegmentSummary summary, int indexIntervalBytes) =>
        new(directory, baseOffset, handle, new SparseIndex(baseOffset, entries), summary, indexIntervalBytes);

    public static SafeFileHandle OpenFile(string logPath) =>
        File.OpenHandle(logPath, FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);

    /// <summary>
    /// Writes <paramref name="frames"/> (one append's frames for this partition) with one positional write, after
    /// stamping their base offsets from <paramref name="baseOffset"/>. Caller holds the partition's append lock.
    /// </summary>
    public void Append(Span<byte> frames, long baseOffset, bool flushToDisk)
    {
        var position = _length;
        var offset = baseOffset;
        var maxTimestamp = _maxTimestamp;
        for (var at = 0; at < frames.Length;)
        {
            var frame = frames[at..];
            FrameFormat.WriteBaseOffset(frame, offset);
            offset += FrameFormat.ReadRecordCount(frame);
            at += FrameFormat.ReadLength(frame);
        }

        RandomAccess.Write(_handle, frames, position);
        if (flushToDisk)
        {
            RandomAccess.FlushToDisk(_handle);
        }

        // Index entries are added once the bytes are written, so a failed write leaves the index untouched.
        for (var at = 0; at < frames.Length;)
        {
            var frame = frames[at..];
            if (position + at - _lastIndexedPosition >= _indexIntervalBytes)
            {
                Index.Add(new IndexEntry(FrameFormat.ReadBaseOffset(frame), position + at, maxTimestamp));
                _lastIndexedPosition = position + at;
            }

            maxTimestamp = Math.Max(maxTimestamp, FrameFormat.ReadMaxTimestamp(frame));
            at += FrameFormat.ReadLength(frame);
        }

        Volatile.Write(ref _maxTimestamp, maxTimestamp);
        Volatile.Write(ref _length, position + frames.Length);
        Volatile.Write(ref _nextOffset, offset);
    }

    /// <summary>Reads from <paramref name="position"/>; throws <see cref="ObjectDisposedException"/> once retention deleted the segment.</summary>
    public int Read(long position, Span<byte> destination) => RandomAccess.Read(_handle, destination, position);

    public void WriteIndexFile() => IndexFile.Write(IndexPath, Summary, Index.ToArray());

    public void FlushToDisk() => RandomAccess.FlushToDisk(_handle);

    /// <summary>Closes and deletes both files. Reads already in flight finish; later ones throw <see cref="ObjectDisposedException"/>.</summary>
    public void Delete()
    {
        _handle.Dispose();
        File.Delete(LogPath);
        File.Delete(IndexPath);
    }

    public void Dispose() => _handle.Dispose();
}
