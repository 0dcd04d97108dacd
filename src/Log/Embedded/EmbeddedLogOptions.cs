namespace Kappa.Log.Embedded;

/// <summary>
/// Settings of an <see cref="EmbeddedLog"/>. A plain mutable class so it binds from configuration
/// (<c>IOptions&lt;EmbeddedLogOptions&gt;</c>); <see cref="EmbeddedLog.Open"/> calls <see cref="Validate"/>.
/// </summary>
public sealed class EmbeddedLogOptions
{
    /// <summary>The directory holding the log; created if missing. One process owns it at a time.</summary>
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>Partitions of a topic created on first append (Kafka's <c>num.partitions</c>). Default 4.</summary>
    public int DefaultPartitions { get; set; } = 4;

    /// <summary>
    /// Roll to a new segment when an append would grow the active one past this (Kafka's <c>segment.bytes</c>).
    /// Retention deletes whole segments, and recovery after a crash rescans at most one per partition. Default 64 MiB.
    /// </summary>
    public int SegmentBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Bytes of records between sparse index entries (Kafka's <c>index.interval.bytes</c>). Default 4 KiB.</summary>
    public int IndexIntervalBytes { get; set; } = 4096;

    /// <summary>
    /// Flush every append to stable storage before acknowledging it, so acknowledged records survive a power
    /// loss, not only a process crash. Also flushes committed offsets. Costs a device flush per partition per
    /// append. Default false.
    /// </summary>
    public bool FsyncOnAppend { get; set; }

    /// <summary>
    /// Bytes a consumer reads from a partition at once (more when a single frame is larger). The default, 64 KiB,
    /// is a large sequential read that still stays off the large object heap. Default 64 KiB.
    /// </summary>
    public int FetchBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Bytes one poll fetches at most, over all its partitions (Kafka's <c>fetch.max.bytes</c>): a poll behind the log
    /// fetches until it holds the records asked for or this many bytes. Default 50 MiB, as Kafka's.
    /// </summary>
    public int MaxPollBytes { get; set; } = 50 * 1024 * 1024;

    /// <summary>How often retention runs (Kafka's <c>log.retention.check.interval.ms</c>). Default 5 minutes.</summary>
    public TimeSpan RetentionCheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The clock for retention (wall-clock housekeeping, never processing) and for consumers' waits. Replace it in
    /// tests. Default <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid setting.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            problems.Add($"{nameof(DataDirectory)} is required");
        }

        if (DefaultPartitions < 1)
        {
            problems.Add($"{nameof(DefaultPartitions)} must be at least 1 (was {DefaultPartitions})");
        }

        if (SegmentBytes < 1024)
        {
            problems.Add($"{nameof(SegmentBytes)} must be at least 1024 (was {SegmentBytes})");
        }

        if (IndexIntervalBytes < 1)
        {
            problems.Add($"{nameof(IndexIntervalBytes)} must be at least 1 (was {IndexIntervalBytes})");
        }

        if (FetchBytes < 1024)
        {
            problems.Add($"{nameof(FetchBytes)} must be at least 1024 (was {FetchBytes})");
        }

        if (MaxPollBytes < FetchBytes)
        {
            problems.Add($"{nameof(MaxPollBytes)} must be at least {nameof(FetchBytes)} (was {MaxPollBytes}, {nameof(FetchBytes)} {FetchBytes})");
        }

        if (RetentionCheckInterval <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(RetentionCheckInterval)} must be positive (was {RetentionCheckInterval})");
        }

        if (TimeProvider is null)
        {
            problems.Add($"{nameof(TimeProvider)} is required");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid embedded log options: " + string.Join("; ", problems));
        }
    }
}
