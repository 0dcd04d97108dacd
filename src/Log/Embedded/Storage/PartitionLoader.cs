using Kappa.Log.Abstractions;

namespace Kappa.Log.Embedded.Storage;

/// <summary>
/// Opens a partition directory after a clean shutdown or a crash. Segments are opened oldest first through
/// <see cref="SegmentRecovery"/>; the first segment that had to be truncated, or that does not start where its
/// predecessor ends, ends the log: later segments cannot be trusted to keep offsets dense and are deleted.
/// The active segment's index file is removed once loaded, because it goes stale with the next append; a crash
/// therefore always finds the active segment without an index and rescans it.
/// </summary>
internal static class PartitionLoader
{
    public static PartitionLog Open(TopicPartition id, string directory, PartitionSettings settings)
    {
        Directory.CreateDirectory(directory);
        foreach (var temp in Directory.EnumerateFiles(directory, "*.tmp"))
        {
            File.Delete(temp);
        }

        var baseOffsets = Directory.EnumerateFiles(directory, "*.log")
            .Select(path => Segment.TryParseBaseOffset(path, out var baseOffset) ? baseOffset : -1)
            .Where(baseOffset => baseOffset >= 0)
            .Order()
            .ToList();
        var segments = new List<Segment>();
        var rebuilt = new List<Segment>();
        try
        {
            var ended = false;
            foreach (var baseOffset in baseOffsets)
            {
                if (ended || (segments.Count > 0 && segments[^1].NextOffset != baseOffset))
                {
                    ended = true;
                    DeleteSegmentFiles(directory, baseOffset);
                    continue;
                }

                var opened = SegmentRecovery.Open(directory, baseOffset, settings.IndexIntervalBytes);
                segments.Add(opened.Segment);
                if (opened.IndexRebuilt)
                {
                    rebuilt.Add(opened.Segment);
                }

                ended = opened.Truncated;
            }

            if (segments.Count == 0)
            {
                segments.Add(Segment.Create(directory, 0, settings.IndexIntervalBytes));
            }

            foreach (var segment in rebuilt)
            {
                if (segment != segments[^1])
                {
                    segment.WriteIndexFile();
                }
            }

            DeleteOrphanIndexes(directory, segments);
            File.Delete(segments[^1].IndexPath);
            return new PartitionLog(id, directory, settings, [.. segments]);
        }
        catch
        {
            foreach (var segment in segments)
            {
                segment.Dispose();
            }

            throw;
        }
    }

    private static void DeleteSegmentFiles(string directory, long baseOffset)
    {
        File.Delete(Path.Combine(directory, Segment.FileStem(baseOffset) + ".log"));
        File.Delete(Path.Combine(directory, Segment.FileStem(baseOffset) + ".index"));
    }

    private static void DeleteOrphanIndexes(string directory, List<Segment> segments)
    {
        var kept = segments.Select(segment => segment.IndexPath).ToHashSet();
        foreach (var index in Directory.EnumerateFiles(directory, "*.index"))
        {
            if (!kept.Contains(index))
            {
                File.Delete(index);
            }
        }
    }
}
