namespace Kappa.Processor.Events.Avro;

/// <summary>
/// Memory for the field values an Avro extractor renders as text (dates, UUIDs, base64, JSON of composites).
/// Unlike a growing buffer, an allocation never moves: every slice handed out stays valid until <see cref="Reset"/>,
/// however much is allocated after it. Segments are kept across resets, so a steady stream allocates nothing.
/// Not thread-safe.
/// </summary>
internal sealed class ScratchArena
{
    private const int SegmentSize = 4096;

    private readonly List<byte[]> _segments = [new byte[SegmentSize]];
    private int _segment;
    private int _used;

    /// <summary>Forgets every allocation; the slices handed out before must no longer be used.</summary>
    public void Reset()
    {
        _segment = 0;
        _used = 0;
    }

    /// <summary>Exactly <paramref name="length"/> bytes, contiguous, untouched until <see cref="Reset"/>.</summary>
    public Memory<byte> Allocate(int length)
    {
        while (_segments[_segment].Length - _used < length)
        {
            // Segments past the current one hold nothing yet in this round, so a too small one may be replaced.
            _segment++;
            _used = 0;
            if (_segment == _segments.Count)
            {
                _segments.Add(new byte[Math.Max(SegmentSize, length)]);
            }
            else if (_segments[_segment].Length < length)
            {
                _segments[_segment] = new byte[Math.Max(SegmentSize, length)];
            }
        }

        var memory = _segments[_segment].AsMemory(_used, length);
        _used += length;
        return memory;
    }
}
