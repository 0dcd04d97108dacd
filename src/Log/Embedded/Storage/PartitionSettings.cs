namespace Kappa.Log.Embedded.Storage;

/// <summary>The storage settings every partition of an embedded log shares.</summary>
/// <param name="SegmentBytes">Roll to a new segment when an append would grow the active one past this.</param>
/// <param name="IndexIntervalBytes">Bytes of frames between sparse index entries.</param>
/// <param name="FsyncOnAppend">Flush every append to disk before acknowledging it.</param>
internal sealed record PartitionSettings(int SegmentBytes, int IndexIntervalBytes, bool FsyncOnAppend);
