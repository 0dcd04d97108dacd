using System.Buffers;
using Kappa.Log.Abstractions;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// The commit protocol of a <see cref="ViewTask"/> (see the class summary): close the rows the watermark passed, write
/// rows, deletions, outbox and meta in one RocksDB batch, publish the outbox in order, then forget what was published;
/// and on start, republish what a crash left in the outbox.
/// </summary>
internal sealed partial class ViewTask
{
    private async Task CommitAsync(ILogProducer producer, ILogConsumer consumer, CancellationToken cancellationToken)
    {
        CloseWindows();
        if (Restoring)
        {
            // Up to the restore point the previous owner published everything this input produced.
            _outbox.Clear();
        }
        else if (view.Emit == Contracts.Definitions.EmitMode.OnUpdate)
        {
            // A row this commit deletes cannot be read back later: it goes into the outbox with its state. The
            // others, by far the most, are rendered when published, from lists of references.
            foreach (var (key, row) in _cache.Dirty)
            {
                if (_closed.Contains(key))
                {
                    StageClosedRow(key, row);
                }
                else
                {
                    StageReference(key);
                }
            }

            Stage(_closedRows, OutboxDestination.ClosedRows);
            Stage(_rowReferences, OutboxDestination.ChangelogRows);
        }

        _meta = new TaskMeta(_nextOffset, _meta.NextSequence + _outbox.Count, _maxEventTime, _counters);
        var marks = _outbox.Exists(r => r.Destination is OutboxDestination.DeadLetters or OutboxDestination.Late)
            ? await _ledger.MarkAsync(cancellationToken)
            : null;
        _store.Commit(_meta, RowsToWrite(), Deletions(), _outbox, marks);
        _cache.ClearDirty();
        foreach (var (key, _) in _closed.Rows)
        {
            _cache.Remove(key);
        }

        ForgetCommittedSessions();
        _closed.Clear();
        _writes.Clear();
        if (!Restoring)
        {
            await PublishAsync(producer, _outbox, cancellationToken);
            _outbox.Clear();

            // The group's offset never moves back: a restoring task is behind it until the restore point.
            await PublishProgressAsync(producer, consumer, commitGroup: true, cancellationToken);
            telemetry?.Committed();
            if (_publishedElsewhere is { Count: 0 })
            {
                // The group's offset has passed every rejection a previous owner had published: bookmarks may move on.
                _ledger.HoldBookmarks = false;
            }

            // Reported only once published: whoever sees this progress finds its row changes in the changelog.
            Report(finished: false);
        }

        if (_cache.Count > options.CacheMaxRows)
        {
            _cache.EvictClean();
        }
    }

    /// <summary>
    /// Publishes the task's progress as of its last commit (other servers learn its counters from it; what they read
    /// never runs ahead of what is published), then, when asked, commits the group's offset to it.
    /// </summary>
    private async Task PublishProgressAsync(ILogProducer producer, ILogConsumer consumer, bool commitGroup, CancellationToken cancellationToken)
    {
        var finished = Math.Max(_meta.NextOffset, _plan.StartOffset) >= (_plan.EndOffset ?? long.MaxValue);
        await producer.AppendAsync(
            Hosting.ProgressTopic.Name,
            new[] { Hosting.ProgressTopic.ToRecord(view.Name, version, partition, Progress(finished), _maxEventTime) },
            cancellationToken);
        if (commitGroup && _meta.NextOffset >= 0)
        {
            await consumer.CommitAsync([new TopicPartitionOffset(view.Source, partition, _meta.NextOffset)], cancellationToken);
        }
    }

    /// <summary>The dirty rows that stay open: a closed row is deleted, not written.</summary>
    private IReadOnlyList<(byte[] Key, RowState Row)> RowsToWrite()
    {
        if (_closed.Count == 0)
        {
            return _cache.Dirty;
        }

        foreach (var dirty in _cache.Dirty)
        {
            if (!_closed.Contains(dirty.Key))
            {
                _writes.Add(dirty);
            }
        }

        return _writes;
    }

    /// <summary>Closes the rows whose window end plus grace the watermark has reached; on-close views emit them.</summary>
    private void CloseWindows()
    {
        var watermark = Watermark;
        if (watermark == long.MinValue)
        {
            return;
        }

        _store.RowsEndingBy(watermark - view.CloseAfterMs, _ending);
        foreach (var (key, end) in _ending)
        {
            // A session row retired or moved since the last commit: its entry is deleted, not closed.
            if (!IsStale(key))
            {
                // Found in the store's close index, so stored.
                _closed.Add(key, end, stored: true);
            }
        }

        _ending.Clear();

        // Rows created since the last commit are not in the close index yet.
        foreach (var (key, row) in _cache.Dirty)
        {
            if (IsClosed(row.Window, watermark))
            {
                _closed.Add(key, row.Window.End, row.Stored);
            }
        }

        if (view.Emit != Contracts.Definitions.EmitMode.OnClose)
        {
            return;
        }

        foreach (var (key, _) in _closed.Rows)
        {
            var row = _cache.TryGet(key, out var cached) ? cached : _store.ReadRow(key);
            if (row is not null)
            {
                StageClosedRow(key, row);
            }
        }

        Stage(_closedRows, OutboxDestination.ClosedRows);
    }

    /// <summary>Appends a closed row, with its state, to the closed rows being staged (see <see cref="StageWhenFull"/>).</summary>
    private void StageClosedRow(byte[] key, RowState row)
    {
        OutboxRecord.AppendClosedRow(_closedRows, key, row);
        StageWhenFull(_closedRows, OutboxDestination.ClosedRows);
    }

    /// <summary>Appends a row key to the references being staged (see <see cref="StageWhenFull"/>).</summary>
    private void StageReference(byte[] key)
    {
        OutboxRecord.AppendRowReference(_rowReferences, key);
        StageWhenFull(_rowReferences, OutboxDestination.ChangelogRows);
    }

    /// <summary>
    /// Stages a list of rows as a record of its own once it holds <see cref="OutboxRecord.MaxStagedBytes"/>, so no
    /// staging array grows with the number of rows a commit writes or closes.
    /// </summary>
    private void StageWhenFull(ArrayBufferWriter<byte> rows, OutboxDestination destination)
    {
        if (rows.WrittenCount >= OutboxRecord.MaxStagedBytes)
        {
            Stage(rows, destination);
        }
    }

    /// <summary>Adds the rows appended to <paramref name="rows"/> since it was last staged to the outbox, as one record.</summary>
    private void Stage(ArrayBufferWriter<byte> rows, OutboxDestination destination)
    {
        if (rows.WrittenCount > 0)
        {
            _outbox.Add(OutboxRecord.StagedRows(_meta.NextSequence + _outbox.Count, destination, partition, rows.WrittenSpan));
            rows.ResetWrittenCount();
        }
    }

    /// <summary>
    /// A row named by a <see cref="OutboxDestination.ChangelogRows"/> record: in the cache while the task runs, in the
    /// store when a restarted task republishes its outbox. It is in one of them, as it was written by the commit
    /// that staged the record and no commit has happened since.
    /// </summary>
    private RowState FindRow(ReadOnlySpan<byte> rowKey) =>
        _cache.TryGet(rowKey, out var row) ? row
            : _store.ReadRow(rowKey) ?? throw new InvalidOperationException($"task {view.Name}.v{version}[{partition}]: the outbox names a row the store does not hold");

    private async Task PublishAsync(ILogProducer producer, List<OutboxRecord> outbox, CancellationToken cancellationToken)
    {
        if (outbox.Count == 0)
        {
            return;
        }

        await _publisher.PublishAsync(producer, outbox, cancellationToken);
        _store.ClearOutbox(outbox);
    }

    /// <summary>Publishes what a crash left in the outbox, minus rejected records already in their topics; false when it was empty.</summary>
    private async Task<bool> RepublishAsync(ILogProducer producer, CancellationToken cancellationToken)
    {
        var pending = _store.ReadOutbox();
        if (pending.Count == 0)
        {
            return false;
        }

        var unpublished = await _ledger.WithoutPublishedAsync(pending, _store.ReadRejectionMarks(), cancellationToken);
        if (unpublished.Count > 0)
        {
            await _publisher.PublishAsync(producer, unpublished, cancellationToken);
        }

        _store.ClearOutbox(pending);
        return true;
    }
}
