namespace Kappa.Log.Embedded.Storage;

/// <summary>An index entry: a frame's first offset, its file position, and the largest timestamp before it.</summary>
/// <param name="Offset">The base offset of the frame at <paramref name="Position"/>.</param>
/// <param name="Position">The frame's byte position in the segment file.</param>
/// <param name="MaxTimestampBefore">The largest record timestamp in the segment before this frame (Kafka's time index idea).</param>
internal readonly record struct IndexEntry(long Offset, long Position, long MaxTimestampBefore);

/// <summary>
/// A segment's sparse index: one entry per <c>IndexIntervalBytes</c> of frames, always one at position 0 once the
/// segment holds a frame. Invariants: offsets, positions and <see cref="IndexEntry.MaxTimestampBefore"/> are
/// non-decreasing, so both lookups are binary searches. Timestamps need not be monotonic in the log; indexing
/// the running maximum makes "first offset at or after t" a search plus a short forward scan.
/// One writer (the partition's appender) and many readers; a short lock keeps it simple and cheap.
/// </summary>
internal sealed class SparseIndex
{
    private readonly Lock _lock = new();
    private readonly long _baseOffset;
    private IndexEntry[] _entries;
    private int _count;

    public SparseIndex(long baseOffset, IndexEntry[] entries)
    {
        _baseOffset = baseOffset;
        _entries = entries.Length == 0 ? new IndexEntry[16] : entries;
        _count = entries.Length;
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    public IndexEntry Last
    {
        get
        {
            lock (_lock)
            {
                return _count == 0 ? Start : _entries[_count - 1];
            }
        }
    }

    private IndexEntry Start => new(_baseOffset, 0, long.MinValue);

    public void Add(IndexEntry entry)
    {
        lock (_lock)
        {
            if (_count == _entries.Length)
            {
                Array.Resize(ref _entries, _entries.Length * 2);
            }

            _entries[_count++] = entry;
        }
    }

    /// <summary>The last entry at or before <paramref name="offset"/>: where a read of that offset starts scanning.</summary>
    public IndexEntry FloorForOffset(long offset)
    {
        lock (_lock)
        {
            var lo = 0;
            var hi = _count - 1;
            var found = -1;
            while (lo <= hi)
            {
                var mid = (lo + hi) >>> 1;
                if (_entries[mid].Offset <= offset)
                {
                    found = mid;
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            return found < 0 ? Start : _entries[found];
        }
    }

    /// <summary>
    /// The last entry before which every record is older than <paramref name="timestamp"/>: the first record at or
    /// after <paramref name="timestamp"/> cannot precede it.
    /// </summary>
    public IndexEntry FloorForTimestamp(long timestamp)
    {
        lock (_lock)
        {
            var lo = 0;
            var hi = _count - 1;
            var found = -1;
            while (lo <= hi)
            {
                var mid = (lo + hi) >>> 1;
                if (_entries[mid].MaxTimestampBefore < timestamp)
                {
                    found = mid;
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            return found < 0 ? Start : _entries[found];
        }
    }

    public IndexEntry[] ToArray()
    {
        lock (_lock)
        {
            return _entries.AsSpan(0, _count).ToArray();
        }
    }
}
