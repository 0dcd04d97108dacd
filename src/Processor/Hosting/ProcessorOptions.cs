using System.ComponentModel.DataAnnotations;
using Kappa.Contracts.Avro.Confluent;

namespace Kappa.Processor.Hosting;

/// <summary>Settings of the processor workers, bound from configuration section <c>Processor</c>.</summary>
public sealed class ProcessorOptions
{
    /// <summary>The configuration section the options are bound from: <c>Processor</c> (e.g. <c>Processor__CommitInterval=00:00:01</c>).</summary>
    public const string Section = "Processor";

    /// <summary>Folder for task state; one RocksDB per view version and partition below it.</summary>
    [Required]
    public string StateDirectory { get; set; } = "./data/state";

    /// <summary>
    /// How often a task commits: state, input offset and view updates in one batch. Shorter means fresher
    /// views and more I/O; the result is the same either way.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How often a task commits while it is behind the log (its last poll was full): a catching-up task, a replay
    /// or a restart after downtime, publishes each row once per this interval instead of once per
    /// <see cref="CommitInterval"/>, which divides the changelog and the materializer's work by the ratio; and a row
    /// that opens and closes between two commits is never written to the task's store. Results are the same; a crash
    /// redoes at most this much work. 6 s: a replay of a daily view rebuilt at 0.93-1.00 M events/s with it and
    /// 0.92-0.99 M with 3 s in interleaved runs, and the processor over 1,000,000 keys at 547-611 k instead of 503-505 k
    /// (docs/benchmarks.md). Kafka Streams commits every 30 s by default.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan CatchUpCommitInterval { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>
    /// The dirty rows past which a task commits without waiting for its interval (checked after each poll). A commit
    /// writes, stages and publishes every dirty row at once, so this bounds the rows a commit writes and publishes
    /// whatever the interval (about 200 bytes of commit buffers a row: some 60 MB at the default); it matters when a
    /// task catching up over many keys changes more rows per interval than this. The rows a commit closes are not
    /// bounded by it. Results are the same either way. Set below the rows a task holds per window, it commits in the
    /// middle of windows and writes each row more than once: at 250,000 keys a task, 200,000 cost a quarter of the
    /// catch-up rate (docs/benchmarks.md).
    /// </summary>
    [Range(1_000, 10_000_000)]
    public int CommitMaxDirtyRows { get; set; } = 300_000;

    /// <summary>The most records a task takes from the log per poll.</summary>
    [Range(1, 1_000_000)]
    public int MaxPollRecords { get; set; } = 10_000;

    /// <summary>
    /// Rows a task keeps in its write-back cache; past this, clean rows are dropped after a commit and
    /// re-read from RocksDB on their next update. Bounds memory, not correctness.
    /// </summary>
    [Range(1_000, 100_000_000)]
    public int CacheMaxRows { get; set; } = 1_000_000;

    /// <summary>
    /// Where views with <c>format: avro</c> find the writer schemas their values' frames name: the embedded registry or
    /// an external one. Not configuration but a service; the host sets it (see <c>AddKappaProcessor</c>). Null when no
    /// registry is at hand, and then an Avro view's tasks fail at start.
    /// </summary>
    public ISchemaSource? Schemas { get; set; }
}
