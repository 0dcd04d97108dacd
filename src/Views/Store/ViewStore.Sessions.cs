using Kappa.Storage;

namespace Kappa.Views.Store;

/// <summary>The session form of partial rows: a key's sessions are merged across its partials, not row by row.</summary>
internal sealed partial class ViewStore
{
    /// <summary>
    /// Applies session partials (one per task session row and source partition; a null state deletes the partial, as
    /// a task does when a merge retires its row). For every touched group key, all of its partials are merged anew
    /// with <paramref name="render"/> (the key's row-key prefix and its partial states in row-key then partition
    /// order; it returns each merged session's start and row JSON, or null to leave the key's rows as they were), and
    /// the key's rows become exactly those sessions: rows of sessions that no longer exist are deleted. Partials,
    /// rows, the row count and the offsets change in one batch. Idempotent like <see cref="Apply"/>.
    /// </summary>
    /// <remarks>A touched key's partials and rows are read whole: the cost of an update grows with the key's
    /// sessions in the view, which the view keeps (closed sessions included) like any other rows.</remarks>
    public void ApplySessionPartials(
        string view,
        int version,
        IReadOnlyList<SessionPartial> partials,
        Func<byte[], IReadOnlyList<byte[]>, IReadOnlyList<(long Start, byte[] Json)>?> render,
        IReadOnlyDictionary<int, long> nextOffsets)
    {
        _dropLock.EnterReadLock();
        try
        {
            ApplySessionPartialsLocked(view, version, partials, render, nextOffsets);
        }
        finally
        {
            _dropLock.ExitReadLock();
        }
    }

    private void ApplySessionPartialsLocked(
        string view,
        int version,
        IReadOnlyList<SessionPartial> partials,
        Func<byte[], IReadOnlyList<byte[]>, IReadOnlyList<(long Start, byte[] Json)>?> render,
        IReadOnlyDictionary<int, long> nextOffsets)
    {
        var partialsFamily = Family(PartialsFamilyName(view, version));
        var rowsFamily = Family(view, version);

        // The changes per key, in log order: a retired row's tombstone may precede an upsert of the same row.
        var byKey = new Dictionary<byte[], List<SessionPartial>>(ByteArrayComparer.Instance);
        var keys = new List<byte[]>();
        foreach (var partial in partials)
        {
            var prefix = partial.RowKey[..^sizeof(long)];
            if (!byKey.TryGetValue(prefix, out var changes))
            {
                byKey[prefix] = changes = [];
                keys.Add(prefix);
            }

            changes.Add(partial);
        }

        using var batch = new WriteBatch();
        var rows = new List<RowUpsert>();
        foreach (var prefix in keys)
        {
            var all = new SortedDictionary<byte[], byte[]>(ReadAll(partialsFamily, prefix), ByteArrayComparer.Instance);
            foreach (var change in byKey[prefix])
            {
                var partialKey = PartialKey(change.RowKey, change.Partition);
                if (change.State is { } state)
                {
                    all[partialKey] = state;
                    batch.Put(partialKey, state, partialsFamily);
                }
                else
                {
                    all.Remove(partialKey);
                    batch.Delete(partialKey, partialsFamily);
                }
            }

            if (render(prefix, [.. all.Values]) is not { } sessions)
            {
                continue;
            }

            var stale = ReadAll(rowsFamily, prefix);
            foreach (var (start, json) in sessions)
            {
                var rowKey = new byte[prefix.Length + sizeof(long)];
                prefix.CopyTo(rowKey, 0);
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(rowKey.AsSpan(prefix.Length), unchecked((ulong)start ^ 0x8000_0000_0000_0000UL));
                stale.Remove(rowKey);
                rows.Add(new RowUpsert(rowKey, json));
            }

            foreach (var rowKey in stale.Keys)
            {
                rows.Add(new RowUpsert(rowKey, null));
            }
        }

        ApplyRows(batch, view, version, rows);
        Finish(batch, view, version, nextOffsets);
    }

    /// <summary>Every entry of a family under a key's row-key prefix (which no other key's entries share).</summary>
    private Dictionary<byte[], byte[]> ReadAll(ColumnFamilyHandle family, byte[] prefix)
    {
        var entries = new Dictionary<byte[], byte[]>(ByteArrayComparer.Instance);
        using var readOptions = new ReadOptions().SetPrefixBounds(prefix);
        using var iterator = _db.NewIterator(family, readOptions);
        for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
        {
            entries[iterator.Key().ToArray()] = iterator.Value().ToArray();
        }

        return entries;
    }
}

/// <summary>A change to a session partial: the aggregate states one source partition holds for one of its sessions.</summary>
/// <param name="RowKey">The task's row key: group key and the partition's session start.</param>
/// <param name="Partition">The source partition.</param>
/// <param name="State">The partial's row state, or null when the partition's session was merged away.</param>
internal readonly record struct SessionPartial(byte[] RowKey, int Partition, byte[]? State);
