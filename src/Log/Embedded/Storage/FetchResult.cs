namespace Kappa.Log.Embedded.Storage;

/// <summary>Where a reader stopped: the next offset and the file position of its frame, so it need not consult the index.</summary>
internal readonly record struct ReadHint(long SegmentBaseOffset, long Position, long Offset)
{
    public static ReadHint None { get; } = new(-1, -1, -1);
}

/// <summary>What a fetch found.</summary>
internal enum FetchStatus
{
    /// <summary>Bytes were read.</summary>
    Data,

    /// <summary>The offset is the high watermark: nothing to read yet.</summary>
    AtEnd,

    /// <summary>The offset is below the low watermark or above the high one.</summary>
    OutOfRange,
}

/// <summary>
/// The bytes of one fetch: whole frames from <see cref="Position"/> of a segment, the first holding the fetched
/// offset (possibly not as its first record), maybe followed by a partial frame the reader ignores. The buffer is
/// freshly allocated and owned by the reader, so records may view it for as long as they live.
/// </summary>
internal readonly record struct FetchResult(FetchStatus Status, byte[] Buffer, int Length, long SegmentBaseOffset, long Position)
{
    public static FetchResult AtEnd { get; } = new(FetchStatus.AtEnd, [], 0, -1, -1);

    public static FetchResult OutOfRange { get; } = new(FetchStatus.OutOfRange, [], 0, -1, -1);
}
