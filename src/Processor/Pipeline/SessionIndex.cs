using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Kappa.Processor.Windows;
using Kappa.Storage;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// A session task's open sessions, per group key: sorted by start and pairwise more than one gap apart, as
/// <see cref="SessionWindows.Merge"/> requires. Keyed by the group key's row-key prefix (the escaped key and its
/// terminator, <see cref="Contracts.Views.RowKey.EncodeKeyPrefix"/>), so a row key names its entry without decoding.
/// <para>Invariant: the index holds exactly the windows of the task's session rows that no commit has closed and no
/// merge has retired; each session is the row <c>(key, session start)</c>. It lives in memory only and is rebuilt
/// from the stored rows when a task starts, which is exact because a commit writes rows and the index's changes
/// together (the index changes only with rows, and closed rows leave both in the same commit).</para>
/// </summary>
internal sealed class SessionIndex
{
    private readonly Dictionary<byte[], List<Window>> _sessions = new(ByteArrayComparer.Instance);
    private readonly Dictionary<byte[], List<Window>>.AlternateLookup<ReadOnlySpan<byte>> _byPrefix;

    public SessionIndex() => _byPrefix = _sessions.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <summary>The index of the rows a store holds.</summary>
    public static SessionIndex Load(TaskStore store)
    {
        var index = new SessionIndex();

        // Row-key order is (key, start) order, so each key's sessions arrive sorted.
        foreach (var (rowKey, window) in store.ReadRowWindows())
        {
            index.SessionsOf(rowKey.AsSpan(0, rowKey.Length - sizeof(long))).Add(window);
        }

        return index;
    }

    /// <summary>The open sessions of the key with this row-key prefix, sorted; empty when it has none.</summary>
    public ReadOnlySpan<Window> Of(ReadOnlySpan<byte> prefix) =>
        _byPrefix.TryGetValue(prefix, out var sessions) ? CollectionsMarshal.AsSpan(sessions) : [];

    /// <summary>Records a merge computed on <see cref="Of"/>: the absorbed sessions become the merged one.</summary>
    public void Apply(ReadOnlySpan<byte> prefix, in SessionMerge merge)
    {
        var sessions = SessionsOf(prefix);
        if (merge.AbsorbedCount == 0)
        {
            sessions.Insert(merge.FirstAbsorbed, merge.Session);
            return;
        }

        sessions[merge.FirstAbsorbed] = merge.Session;
        if (merge.AbsorbedCount > 1)
        {
            sessions.RemoveRange(merge.FirstAbsorbed + 1, merge.AbsorbedCount - 1);
        }
    }

    /// <summary>Forgets the session of a closed row; a key left without sessions leaves the index.</summary>
    public void Remove(ReadOnlySpan<byte> rowKey)
    {
        var prefix = rowKey[..^sizeof(long)];
        if (!_byPrefix.TryGetValue(prefix, out var storedPrefix, out var sessions))
        {
            return;
        }

        var start = unchecked((long)(BinaryPrimitives.ReadUInt64BigEndian(rowKey[^sizeof(long)..]) ^ 0x8000_0000_0000_0000UL));
        for (var i = 0; i < sessions.Count; i++)
        {
            if (sessions[i].Start == start)
            {
                sessions.RemoveAt(i);
                break;
            }
        }

        if (sessions.Count == 0)
        {
            _sessions.Remove(storedPrefix);
        }
    }

    private List<Window> SessionsOf(ReadOnlySpan<byte> prefix)
    {
        if (!_byPrefix.TryGetValue(prefix, out var sessions))
        {
            sessions = [];
            _sessions.Add(prefix.ToArray(), sessions);
        }

        return sessions;
    }
}
