using Kappa.Log.Abstractions;

namespace Kappa.Log.Embedded.Storage;

/// <summary>
/// One partition: an ordered list of segments, the last one active. Invariants: segments are contiguous (each
/// starts at its predecessor's <see cref="Segment.NextOffset"/>), so offsets are dense from the low watermark
/// (first segment's base) to the high watermark (active segment's next offset); there is always an active
/// segment; appends are serialized by one lock and each append is one positional write; readers take no lock,
/// they read an immutable snapshot of the segment list and the active segment's published length.
/// </summary>
internal sealed class PartitionLog : IDisposable
{
    private const int TimestampScanBufferBytes = 64 * 1024;

    private readonly Lock _appendLock = new();
    private readonly string _directory;
    private readonly PartitionSettings _settings;
    private readonly AppendSignal _signal = new();
    private volatile Segment[] _segments;
    private volatile bool _closed;

    public PartitionLog(TopicPartition id, string directory, PartitionSettings settings, Segment[] segments)
    {
        Id = id;
        _directory = directory;
        _settings = settings;
        _segments = segments;
    }

    public TopicPartition Id { get; }

    /// <summary>Completes on the next append; take it before checking for data.</summary>
    public Task WhenAppended => _signal.WhenSignaled;

    public WatermarkOffsets Watermarks
    {
        get
        {
            var segments = _segments;
            return new WatermarkOffsets(segments[0].BaseOffset, segments[^1].NextOffset);
        }
    }

    internal IReadOnlyList<Segment> Segments => _segments;

    /// <summary>Appends one append's frames; returns the offset of their first record.</summary>
    public long Append(EncodedFrames frames)
    {
        long baseOffset;
        lock (_appendLock)
        {
            if (_closed)
            {
                // Only a topic deletion closes a partition while the log is open.
                throw new UnknownTopicException(Id.Topic);
            }

            var active = _segments[^1];
            if (active.Length > 0 && active.Length + frames.Length > _settings.SegmentBytes)
            {
                active = Roll(active);
            }

            baseOffset = active.NextOffset;
            active.Append(frames.Span, baseOffset, _settings.FsyncOnAppend);
        }

        _signal.Pulse();
        return baseOffset;
    }

    /// <summary>
    /// Reads up to <paramref name="maxBytes"/> (more when a single frame is larger) starting with the frame that holds
    /// <paramref name="offset"/>, using <paramref name="hint"/> instead of the index when it points at that offset. The
    /// bytes go into <paramref name="spare"/> when it is given and large enough, else into a new array; the result's
    /// buffer says which.
    /// </summary>
    public FetchResult Fetch(long offset, ReadHint hint, int maxBytes, byte[]? spare = null)
    {
        while (true)
        {
            var segments = _segments;
            var high = segments[^1].NextOffset;
            if (offset < segments[0].BaseOffset || offset > high)
            {
                return FetchResult.OutOfRange;
            }

            if (offset == high)
            {
                return FetchResult.AtEnd;
            }

            var segment = segments[Find(segments, offset)];
            var position = hint.Offset == offset && hint.SegmentBaseOffset == segment.BaseOffset
                ? hint.Position
                : segment.Index.FloorForOffset(offset).Position;
            try
            {
                return Read(segment, position, maxBytes, spare);
            }
            catch (ObjectDisposedException) when (!_closed)
            {
                // Retention deleted the segment under us; the next round sees the new low watermark.
            }
            catch (ObjectDisposedException)
            {
                // The topic was deleted: there is nothing more to read.
                return FetchResult.AtEnd;
            }
        }
    }

    /// <summary>The first offset whose timestamp is at or after <paramref name="timestamp"/>, or the high watermark.</summary>
    public long OffsetForTimestamp(long timestamp)
    {
        while (true)
        {
            var segments = _segments;
            try
            {
                foreach (var segment in segments)
                {
                    if (segment.MaxTimestamp >= timestamp && ScanForTimestamp(segment, timestamp) is { } found)
                    {
                        return found;
                    }
                }

                return segments[^1].NextOffset;
            }
            catch (ObjectDisposedException) when (!_closed)
            {
                // As in Fetch: a deleted segment means a newer snapshot.
            }
        }
    }

    /// <summary>
    /// Deletes the oldest sealed segments past the retention limits, as Kafka does: by time, segments whose newest
    /// record is older than <paramref name="retentionMs"/>; by size, while the partition stays at or above
    /// <paramref name="retentionBytes"/> without them. The active segment is never deleted. Returns the count deleted.
    /// </summary>
    public int EnforceRetention(long nowMs, long? retentionMs, long? retentionBytes)
    {
        Segment[] doomed;
        lock (_appendLock)
        {
            if (_closed)
            {
                return 0;
            }

            var segments = _segments;
            var sealedCount = segments.Length - 1;
            var count = 0;
            if (retentionMs is { } ms)
            {
                while (count < sealedCount && segments[count].MaxTimestamp < nowMs - ms)
                {
                    count++;
                }
            }

            if (retentionBytes is { } limit)
            {
                var total = 0L;
                for (var i = count; i < segments.Length; i++)
                {
                    total += segments[i].Length;
                }

                while (count < sealedCount && total - segments[count].Length >= limit)
                {
                    total -= segments[count].Length;
                    count++;
                }
            }

            if (count == 0)
            {
                return 0;
            }

            doomed = segments[..count];
            _segments = segments[count..];
        }

        foreach (var segment in doomed)
        {
            segment.Delete();
        }

        return doomed.Length;
    }

    /// <summary>Closes the partition; with <paramref name="persistIndex"/>, saves the active index so the next open need not scan.</summary>
    public void Close(bool persistIndex)
    {
        lock (_appendLock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            if (persistIndex)
            {
                _segments[^1].WriteIndexFile();
            }

            foreach (var segment in _segments)
            {
                segment.Dispose();
            }
        }
    }

    public void Dispose() => Close(persistIndex: true);

    private static int Find(Segment[] segments, long offset)
    {
        var lo = 0;
        var hi = segments.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >>> 1;
            if (segments[mid].BaseOffset <= offset)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    private static FetchResult Read(Segment segment, long position, int maxBytes, byte[]? spare)
    {
        var available = segment.Length - position;
        var wanted = (int)Math.Min(available, maxBytes);
        var buffer = spare is not null && spare.Length >= wanted ? spare : GC.AllocateUninitializedArray<byte>(wanted);
        var read = segment.Read(position, buffer.AsSpan(0, wanted));
        if (read >= FrameFormat.HeaderSize)
        {
            var frameLength = FrameFormat.ReadLength(buffer);
            if (frameLength > read && frameLength <= available)
            {
                buffer = GC.AllocateUninitializedArray<byte>(frameLength);
                read = segment.Read(position, buffer);
            }
        }

        return new FetchResult(FetchStatus.Data, buffer, read, segment.BaseOffset, position);
    }

    private static long? ScanForTimestamp(Segment segment, long timestamp)
    {
        var start = segment.Index.FloorForTimestamp(timestamp);
        var offset = start.Offset;
        using var scanner = new FrameScanner(segment.Handle, start.Position, segment.Length, TimestampScanBufferBytes);
        while (scanner.MoveNext())
        {
            var frame = scanner.Frame;
            var count = FrameFormat.ReadRecordCount(frame);
            if (FrameFormat.ReadMaxTimestamp(frame) >= timestamp)
            {
                var position = FrameFormat.HeaderSize;
                for (var i = 0; i < count; i++)
                {
                    position = RecordDecoder.Skip(frame, position, out var recordTimestamp);
                    if (recordTimestamp >= timestamp)
                    {
                        return offset + i;
                    }
                }
            }

            offset += count;
        }

        return null;
    }

    private Segment Roll(Segment active)
    {
        // The sealed segment's index is persisted now so that reopening never rescans it.
        active.WriteIndexFile();
        var next = Segment.Create(_directory, active.NextOffset, _settings.IndexIntervalBytes);
        _segments = [.. _segments, next];
        return next;
    }
}
