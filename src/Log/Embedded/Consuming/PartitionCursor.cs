using Kappa.Log.Abstractions;
using Kappa.Log.Embedded.Storage;

namespace Kappa.Log.Embedded.Consuming;

/// <summary>
/// A consumer's read state for one assigned partition: its position and the bytes of its last fetch, which later
/// polls keep draining. A fetch reads into a buffer from the consumer's <see cref="FetchBuffers"/> (a new array unless
/// the consumer recycles them) and hands the buffer back, retired, once drained (see <see cref="FetchBuffers"/> for how
/// long records viewing it stay valid). Invariant: while buffered, the record at <c>_recordPos</c> has offset
/// <see cref="Position"/>; frames are CRC-checked as they are entered, so corruption surfaces as an exception
/// rather than as bad records.
/// </summary>
internal sealed class PartitionCursor
{
    private readonly FetchBuffers _buffers;
    private byte[]? _buffer;

    // Whether the consumer recycled buffers when this one was fetched: if not, records from it may be kept for good.
    private bool _recyclable;
    private int _limit;
    private int _frameEnd;
    private int _recordPos;
    private int _frameRemaining;
    private long _segmentBaseOffset;
    private long _bufferFilePosition;
    private ReadHint _hint = ReadHint.None;

    public PartitionCursor(TopicPartition partition, long position, FetchBuffers buffers)
    {
        Partition = partition;
        Position = position;
        _buffers = buffers;
    }

    public TopicPartition Partition { get; }

    /// <summary>Bytes this cursor has fetched so far.</summary>
    public long FetchedBytes { get; private set; }

    /// <summary>The offset of the next record this cursor returns.</summary>
    public long Position { get; private set; }

    public void Seek(long position)
    {
        Position = position;
        Release();
        _frameRemaining = 0;
        _hint = ReadHint.None;
    }

    /// <summary>
    /// Makes sure records are buffered, fetching at most once, and returns how many are ready (at most
    /// <paramref name="max"/>). A position outside the retained range resets to the low watermark.
    /// </summary>
    public int Fill(PartitionLog? log, int fetchBytes, int max)
    {
        if (!EnsureRecord())
        {
            if (log is null || !Fetch(log, fetchBytes) || !EnsureRecord())
            {
                return 0;
            }
        }

        var ready = _frameRemaining;
        var at = _frameEnd;
        while (ready < max && FrameFormat.HasCompleteFrame(_buffer.AsSpan(at, _limit - at), out var length))
        {
            ready += FrameFormat.ReadRecordCount(_buffer.AsSpan(at));
            at += length;
        }

        return Math.Min(ready, max);
    }

    /// <summary>Decodes buffered records into <paramref name="destination"/>; returns how many.</summary>
    public int Drain(Span<LogRecord> destination)
    {
        var written = 0;
        while (written < destination.Length && EnsureRecord())
        {
            _recordPos = RecordDecoder.Decode(_buffer!, _recordPos, Partition.Topic, Partition.Partition, Position, out destination[written]);
            written++;
            _frameRemaining--;
            Position++;
        }

        return written;
    }

    private bool Fetch(PartitionLog log, int fetchBytes)
    {
        var spare = _buffers.Rent();
        var result = log.Fetch(Position, _hint, fetchBytes, spare);
        if (result.Status == FetchStatus.OutOfRange)
        {
            // Kafka's auto.offset.reset=earliest: the records asked for are gone (or never were), start over.
            Seek(log.Watermarks.Low);
            result = log.Fetch(Position, _hint, fetchBytes, spare);
        }

        if (spare is not null && result.Buffer != spare)
        {
            _buffers.Unused(spare);
        }

        if (result.Status != FetchStatus.Data)
        {
            return false;
        }

        _buffer = result.Buffer;
        _recyclable = _buffers.Recycling;
        _limit = result.Length;
        FetchedBytes += result.Length;
        _frameEnd = 0;
        _frameRemaining = 0;
        _segmentBaseOffset = result.SegmentBaseOffset;
        _bufferFilePosition = result.Position;
        return true;
    }

    /// <summary>Enters buffered frames until one has a record at <see cref="Position"/>; false when the buffer is spent.</summary>
    private bool EnsureRecord()
    {
        while (_frameRemaining == 0)
        {
            if (_buffer is null)
            {
                return false;
            }

            var rest = _buffer.AsSpan(_frameEnd, _limit - _frameEnd);
            if (!FrameFormat.HasCompleteFrame(rest, out var length))
            {
                _hint = new ReadHint(_segmentBaseOffset, _bufferFilePosition + _frameEnd, Position);
                Release();
                return false;
            }

            var frame = rest[..length];
            if (!FrameFormat.IsValid(frame))
            {
                throw new LogException($"corrupt record frame in {Partition} at position {_bufferFilePosition + _frameEnd} of segment {_segmentBaseOffset}");
            }

            var frameStart = _frameEnd;
            _frameEnd += length;
            var baseOffset = FrameFormat.ReadBaseOffset(frame);
            var count = FrameFormat.ReadRecordCount(frame);
            if (baseOffset + count <= Position)
            {
                continue;
            }

            _recordPos = frameStart + FrameFormat.HeaderSize;
            _frameRemaining = count;
            for (var offset = baseOffset; offset < Position; offset++)
            {
                _recordPos = RecordDecoder.Skip(_buffer, _recordPos, out _);
                _frameRemaining--;
            }
        }

        return true;
    }

    /// <summary>Drops the current buffer; records already handed out may view it, so it goes back retired.</summary>
    private void Release()
    {
        if (_buffer is not null)
        {
            _buffers.Retire(_buffer, _recyclable);
            _buffer = null;
        }
    }
}
