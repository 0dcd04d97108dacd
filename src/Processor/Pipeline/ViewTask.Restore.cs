using System.Diagnostics;
using Kappa.Log.Abstractions;
using Microsoft.Extensions.Logging;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// Restoring a task's state when its local store is behind what its group committed: the partition moved here from
/// another process (a rebalance, or a worker that died), or this process owned it long ago. The committed offset C
/// is the last commit whose outputs were all published (a task commits its input offset only after publishing).
/// <para>
/// The task replays its input from its local state (or from its start) up to C without emitting anything: state is
/// a deterministic function of the input, so it arrives at the state the previous owner had at C, counters included,
/// while the view, the dead letters and the late records already hold everything that input produced. From C on it
/// runs live. The previous owner may have published part of its next commit before it died: its row upserts are
/// repeated, harmlessly (later values overwrite them), and its rejected records are found through the rejection
/// ledger's bookmarks and not published again (<see cref="RejectionLedger.PublishedFromAsync"/>). This restores from
/// the log itself, so it needs the source partition complete from the task's start; a task refuses, loudly, when
/// retention has removed part of it.
/// </para>
/// </summary>
internal sealed partial class ViewTask
{
    // While at least 0, the task replays input silently up to this offset (exclusive).
    private long _restoreUntil = -1;
    private long _restoreFrom;
    private HashSet<long>? _publishedElsewhere;
    private Stopwatch? _restoreClock;

    private bool Restoring => _restoreUntil >= 0;

    /// <summary>
    /// How the task resumes: from its store (publishing what a crash left in its outbox), or by restoring when its
    /// store is behind the group's offset. Either way it first learns which rejections past that point are already
    /// published (by a previous owner, or by itself before a crash), so none is published twice. Returns false when
    /// there is nothing to do: a bounded version whose partition was finished elsewhere.
    /// </summary>
    private async Task<bool> ResumeAsync(ILogProducer producer, ILogConsumer consumer, long start, CancellationToken cancellationToken)
    {
        var committed = await consumer.CommittedAsync(new TopicPartition(view.Source, partition), cancellationToken);
        if (committed is { } done && done >= (_plan.EndOffset ?? long.MaxValue) && _meta.NextOffset < done)
        {
            LogFinishedElsewhere(logger, view.Name, version, partition, done);
            return false;
        }

        var from = Math.Max(Math.Max(_meta.NextOffset, committed ?? 0), 0);
        _publishedElsewhere = await _ledger.PublishedFromAsync(from, cancellationToken);

        // Until this task's group commit passes the rejections found, its bookmarks must not move past them: a
        // next owner reads from the bookmarks, and would miss them.
        _ledger.HoldBookmarks = _publishedElsewhere.Count > 0;
        if (committed is { } restoreTo && _meta.NextOffset < restoreTo)
        {
            BeginRestore(consumer, start, restoreTo);
            return true;
        }

        if (await RepublishAsync(producer, cancellationToken))
        {
            // What a crash left unpublished is out now: so are its progress and group offset.
            await PublishProgressAsync(producer, consumer, commitGroup: true, cancellationToken);
        }

        // Reported only after the outbox a crash left is published: whoever sees this progress finds its rows.
        Report(finished: false);
        return true;
    }

    private void BeginRestore(ILogConsumer consumer, long start, long restoreTo)
    {
        _restoreClock = Stopwatch.StartNew();
        status?.Restoring(view.Name, version, partition);
        ResumeCheck.EnsureRestorable(consumer, view, version, partition, start, restoreTo);

        // An outbox left in a store that fell behind belongs to commits the later owners redid and published.
        var stale = _store.ReadOutbox();
        if (stale.Count > 0)
        {
            _store.ClearOutbox(stale);
        }

        _restoreUntil = restoreTo;
        _restoreFrom = Math.Max(_meta.NextOffset, Math.Max(_plan.StartOffset, 0));
        LogRestoring(logger, view.Name, version, partition, _meta.NextOffset < 0 ? "its start" : $"offset {_meta.NextOffset}", restoreTo);
    }

    /// <summary>The restore point is reached: commits the restored state (silently) and goes live.</summary>
    private async Task FinishRestoreAsync(ILogProducer producer, ILogConsumer consumer, bool pending)
    {
        if (pending)
        {
            await CommitAsync(producer, consumer, CancellationToken.None);
        }

        // The group's offset is the restore point already; servers that follow the progress topic learn the counters.
        await PublishProgressAsync(producer, consumer, commitGroup: false, CancellationToken.None);

        var records = _restoreUntil - _restoreFrom;
        _restoreUntil = -1;
        var elapsed = _restoreClock?.Elapsed ?? TimeSpan.Zero;
        status?.Restored(view.Name, version, partition);
        telemetry?.Restored(elapsed, records);
        LogRestored(logger, view.Name, version, partition, records, elapsed.TotalSeconds, _publishedElsewhere?.Count ?? 0);
        Report(finished: false);
    }

    /// <summary>Whether the rejection of the input record at <paramref name="offset"/> is already in its topic, or needs no publishing.</summary>
    private bool AlreadyPublished(long offset) =>
        Restoring || (_publishedElsewhere is { Count: > 0 } published && published.Remove(offset));

    [LoggerMessage(Level = LogLevel.Information, Message = "task {View}.v{Version}[{Partition}] was finished elsewhere (its group is at {Offset}, its end offset): nothing to do")]
    private static partial void LogFinishedElsewhere(ILogger logger, string view, int version, int partition, long offset);

    [LoggerMessage(Level = LogLevel.Information, Message = "task {View}.v{Version}[{Partition}] restores its state from {From} to offset {To}, replaying its input")]
    private static partial void LogRestoring(ILogger logger, string view, int version, int partition, string from, long to);

    [LoggerMessage(Level = LogLevel.Information, Message = "task {View}.v{Version}[{Partition}] restored {Records} records in {Seconds:F2} s ({Known} rejections the previous owner had published are not repeated)")]
    private static partial void LogRestored(ILogger logger, string view, int version, int partition, long records, double seconds, int known);
}
