using Kappa.Contracts.Definitions;
using Kappa.Contracts.Views;
using Kappa.Log.Abstractions;
using Kappa.Processor.Aggregates;
using Kappa.Processor.Windows;
using Kappa.Storage;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// The session path of a task: per record, the group key's open sessions are looked up in the
/// <see cref="SessionIndex"/> and the record is merged into them (see docs/architecture.md, "Session windows").
/// <para>A session is the row <c>(key, session start)</c>, its window <c>[first event, last event + gap)</c>. A
/// record that falls inside a session updates its row; one that extends a session's end updates the row and moves
/// its close-index entry; one that moves a session's start or bridges sessions makes one row of the merged session
/// and <em>retires</em> the others: they are deleted in the next commit and, once published, deleted from the
/// changelog with a tombstone staged in the same commit, so the view never shows a session that no longer is.</para>
/// <para>A record is late when its event time plus grace is before the watermark, and a session is closed when its
/// end plus grace is before the watermark (<see cref="CompiledView.CloseAfterMs"/>). The record rule is stricter than
/// a fixed window's on purpose: a session a record could touch ends at or after the record, so an accepted record
/// never touches a session that a commit has closed (and, on close, published as final).</para>
/// </summary>
internal sealed partial class ViewTask
{
    private readonly List<RowState> _absorbed = [];
    private readonly List<byte[]> _absorbedKeys = [];

    // The close-index entries and rows of retired or moved rows, as the store holds them: the next commit deletes
    // them. The set names their keys, as a close scan may still find these entries and must not close them.
    private readonly List<(byte[] Key, long End)> _stale = [];
    private readonly HashSet<byte[]> _staleKeys = new(ByteArrayComparer.Instance);
    private readonly List<(byte[] Key, long End)> _deletions = [];
    private SessionIndex? _sessions;
    private TaskStore? _sessionsStore;

    private void ProcessSession(in LogRecord record, SessionWindows sessions, ReadOnlySpan<byte> key, long eventTime)
    {
        var watermark = Watermark;
        if (watermark != long.MinValue && eventTime + view.CloseAfterMs <= watermark)
        {
            Late(in record, sessions.SessionOf(eventTime), watermark);
            return;
        }

        if (_sessions is null || !ReferenceEquals(_sessionsStore, _store))
        {
            _sessions = SessionIndex.Load(_store);
            _sessionsStore = _store;
        }

        var length = RowKey.EncodedLength(key);
        var rowKey = length <= _rowKeyBuffer.Length ? _rowKeyBuffer.AsSpan(0, length) : new byte[length];
        RowKey.Encode(key, 0, rowKey);
        var prefix = rowKey[..^sizeof(long)];
        SessionMerge merge;
        try
        {
            merge = sessions.Merge(_sessions.Of(prefix), eventTime);
        }
        catch (OverflowException)
        {
            DeadLetter(in record, $"the event time {eventTime} plus the session gap is out of range");
            return;
        }

        var position = new EventPosition(eventTime, partition, record.Offset);
        string? error;
        if (merge.Unchanged || merge.IsNewSession)
        {
            // One row, existing or new, whose window stays as it is: the fixed-window path does exactly this.
            _windows.Clear();
            _windows.Add(merge.Session);
            if (!TryApply(key, 0, in position, [], out error))
            {
                DeadLetter(in record, error!);
                return;
            }
        }
        else if (!TryMerge(rowKey, in merge, in position, out error))
        {
            DeadLetter(in record, error!);
            return;
        }

        if (!merge.Unchanged)
        {
            _sessions.Apply(prefix, in merge);
        }

        _counters.Applied++;
    }

    /// <summary>
    /// Applies a record that changes session bounds: the absorbed rows become one row of the merged session, the
    /// record is added to it, and the rows whose start is not the merged start are retired. Nothing changes when the
    /// merged aggregates refuse the record or cannot be combined. <c>rowKey</c> is the group key's row key with any
    /// start (the buffer is reused for the absorbed rows' keys).
    /// </summary>
    private bool TryMerge(Span<byte> rowKey, in SessionMerge merge, in EventPosition position, out string? error)
    {
        error = null;
        _absorbed.Clear();
        _absorbedKeys.Clear();
        var absorbed = _sessions!.Of(rowKey[..^sizeof(long)]).Slice(merge.FirstAbsorbed, merge.AbsorbedCount);
        foreach (var window in absorbed)
        {
            SetStart(rowKey, window.Start);
            if (!_cache.TryGet(rowKey, out var cachedKey, out var row))
            {
                row = _store.ReadRow(rowKey)
                    ?? throw new InvalidOperationException($"task {view.Name}[{partition}]: the session {window} has no row");
                cachedKey = _cache.Add(rowKey, row);
            }

            _absorbed.Add(row);
            _absorbedKeys.Add(cachedKey);
        }

        // One absorbed row keeps its states; several are combined into new ones, so a failure leaves them untouched.
        var states = _absorbed[0].States;
        if (_absorbed.Count > 1)
        {
            states = RowState.Create(merge.Session, view.Aggregates).States;
            try
            {
                foreach (var row in _absorbed)
                {
                    for (var a = 0; a < states.Length; a++)
                    {
                        states[a].Merge(row.States[a]);
                    }
                }
            }
            catch (AggregateInputException e)
            {
                error = $"merging sessions: {e.Message}";
                return false;
            }
        }

        for (var a = 0; a < states.Length; a++)
        {
            if (!states[a].CanAdd(in Input(a), out var reason))
            {
                error = reason;
                return false;
            }
        }

        for (var a = 0; a < states.Length; a++)
        {
            states[a].Add(in Input(a), in position);
        }

        var keeper = _absorbed[0].Window.Start == merge.Session.Start ? 0 : -1;
        for (var i = 0; i < _absorbed.Count; i++)
        {
            if (i != keeper)
            {
                Retire(_absorbedKeys[i], _absorbed[i]);
            }
        }

        if (keeper == 0)
        {
            var row = _absorbed[0];
            Unstore(_absorbedKeys[0], row);
            row.Window = merge.Session;
            if (!ReferenceEquals(states, row.States))
            {
                states.CopyTo(row.States, 0);
            }

            _cache.MarkDirty(_absorbedKeys[0], row);
        }
        else
        {
            // The session starts at the record, before every absorbed session: a new row.
            SetStart(rowKey, merge.Session.Start);
            var row = new RowState(merge.Session, states);
            _cache.MarkDirty(_cache.Add(rowKey, row), row);
        }

        return true;
    }

    /// <summary>Points a row key at another window of the same group key: its last eight bytes are the start.</summary>
    private static void SetStart(Span<byte> rowKey, long start) =>
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(rowKey[^sizeof(long)..], unchecked((ulong)start ^ 0x8000_0000_0000_0000UL));

    /// <summary>
    /// Takes a row out of the session: out of the cache, its stored form deleted by the next commit, and, when an
    /// on-update view may have published it, a tombstone for its changelog key staged now, before the upserts the
    /// commit stages, so a reader never sees it beside the session that absorbed it.
    /// </summary>
    private void Retire(byte[] rowKey, RowState row)
    {
        var published = row.Stored || _staleKeys.Contains(rowKey);
        Unstore(rowKey, row);
        _cache.Retire(rowKey, row);
        if (published && view.Emit == EmitMode.OnUpdate)
        {
            var changelogKey = new byte[rowKey.Length + sizeof(int)];
            rowKey.CopyTo(changelogKey, 0);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(changelogKey.AsSpan(rowKey.Length), partition);
            _outbox.Add(new OutboxRecord(_meta.NextSequence + _outbox.Count, OutboxDestination.Changelog, partition, row.Window.Start, changelogKey, null, []));
        }
    }

    /// <summary>Schedules a stored row's entries for deletion; a commit writes it again (with its new window) if it is dirty.</summary>
    private void Unstore(byte[] rowKey, RowState row)
    {
        if (row.Stored)
        {
            _stale.Add((rowKey, row.Window.End));
            _staleKeys.Add(rowKey);
            row.Stored = false;
        }
    }

    /// <summary>What a commit deletes: the closed rows and the stale entries of retired and moved session rows.</summary>
    private IReadOnlyList<(byte[] Key, long End)> Deletions()
    {
        if (_stale.Count == 0)
        {
            return _closed.Stored;
        }

        _deletions.Clear();
        _deletions.AddRange(_closed.Stored);
        _deletions.AddRange(_stale);
        return _deletions;
    }

    /// <summary>Whether a close-index entry the store still holds belongs to a row retired or moved since the last commit.</summary>
    private bool IsStale(byte[] rowKey) => _staleKeys.Count > 0 && _staleKeys.Contains(rowKey);

    /// <summary>After a commit: closed sessions leave the index, and the stale entries are gone from the store.</summary>
    private void ForgetCommittedSessions()
    {
        if (_sessions is not null)
        {
            foreach (var (key, _) in _closed.Rows)
            {
                _sessions.Remove(key);
            }
        }

        _stale.Clear();
        _staleKeys.Clear();
        _deletions.Clear();
    }
}
