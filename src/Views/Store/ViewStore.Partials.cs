using System.Buffers.Binary;
using Kappa.Storage;

namespace Kappa.Views.Store;

/// <summary>
/// Rows merged from partials: the partials family holds, per row, each source partition's partial under
/// <c>row key + partition</c> (4 bytes, big-endian), and, for a row whose partials could never be rendered, an
/// <em>unrendered</em> marker under <c>row key + FF FF FF FF</c> (no partition is negative). So one seek tells both
/// a row's partials and whether the row exists: it does when it has partials and no marker.
/// </summary>
internal sealed partial class ViewStore
{
    private const int UnrenderedMarker = -1;

    /// <summary>
    /// Applies one shard's partial rows (one per row and source partition, as tasks publish them): stores each partial,
    /// re-renders every touched row from all of its partials with <paramref name="render"/> (row key, partial
    /// states in partition order; null leaves the row as it was), and advances the shard's offsets, all in one batch.
    /// Idempotent like <see cref="Apply"/>: a repeated partial replaces itself. Shards may apply concurrently: their
    /// rows, counts and offsets are disjoint.
    /// </summary>
    /// <param name="view">The view.</param>
    /// <param name="version">The version.</param>
    /// <param name="shard">The shard the rows belong to.</param>
    /// <param name="partials">The partials, in log order.</param>
    /// <param name="render">Renders a row from its partial states.</param>
    /// <param name="nextOffsets">The shard's next offsets after these partials, per changelog partition.</param>
    /// <param name="known">The rows this shard has partials for, when it knows them all: a row not there is new and
    /// is not looked up. Null to look every row up. Updated with the rows written.</param>
    public void ApplyPartials(
        string view,
        int version,
        int shard,
        IReadOnlyList<PartialUpsert> partials,
        Func<byte[], IReadOnlyList<byte[]>, byte[]?> render,
        IReadOnlyDictionary<int, long> nextOffsets,
        KnownRows? known = null)
    {
        _dropLock.EnterReadLock();
        try
        {
            ApplyPartialsLocked(view, version, shard, partials, render, nextOffsets, known);
        }
        finally
        {
            _dropLock.ExitReadLock();
        }
    }

    private void ApplyPartialsLocked(
        string view,
        int version,
        int shard,
        IReadOnlyList<PartialUpsert> partials,
        Func<byte[], IReadOnlyList<byte[]>, byte[]?> render,
        IReadOnlyDictionary<int, long> nextOffsets,
        KnownRows? known)
    {
        var family = Family(PartialsFamilyName(view, version));
        var rowsFamily = Family(view, version);
        var byRow = new Dictionary<byte[], SortedDictionary<int, byte[]>>(ByteArrayComparer.Instance);
        foreach (var partial in partials)
        {
            if (!byRow.TryGetValue(partial.RowKey, out var parts))
            {
                byRow[partial.RowKey] = parts = [];
            }

            parts[partial.Partition] = partial.State;
        }

        var rowKeys = byRow.Keys.ToArray();
        Array.Sort(rowKeys, ByteArrayComparer.Instance);
        using var batch = new WriteBatch();
        var count = CountRows(view, version, shard);

        // One iterator for the whole batch, sought forward row by row in key order: creating an iterator per row
        // cost more than everything else the materializer does for it. Keys go into the batch in order as well:
        // memtable inserts in key order are cheaper.
        using var readOptions = new ReadOptions();
        using var iterator = _db.NewIterator(family, readOptions);
        var states = new SortedDictionary<int, byte[]>();
        var rendered = new List<(byte[] RowKey, byte[] Json)>(rowKeys.Length);
        foreach (var rowKey in rowKeys)
        {
            states.Clear();
            var unrendered = (known?.MayHave(rowKey) ?? true) && ReadPartials(iterator, rowKey, states);
            var existed = states.Count > 0 && !unrendered;
            foreach (var (partition, state) in byRow[rowKey])
            {
                states[partition] = state;
                batch.Put(PartialKey(rowKey, partition), state, family);
            }

            // A row that cannot be rendered keeps its previous value (none, for a new row: the marker says so).
            if (render(rowKey, [.. states.Values]) is { } json)
            {
                rendered.Add((rowKey, json));
                count += existed ? 0 : 1;
                if (unrendered)
                {
                    batch.Delete(PartialKey(rowKey, UnrenderedMarker), family);
                }
            }
            else if (!existed && !unrendered)
            {
                batch.Put(PartialKey(rowKey, UnrenderedMarker), [], family);
            }
        }

        foreach (var (rowKey, json) in rendered)
        {
            batch.Put(rowKey, json, rowsFamily);
        }

        PutCount(batch, view, version, shard, count);
        Finish(batch, view, version, shard, nextOffsets);
        known?.Add(rowKeys);
    }

    /// <summary>Reads a row's partials into <paramref name="states"/>, by partition; returns whether it is marked unrendered.</summary>
    private static bool ReadPartials(Iterator iterator, byte[] rowKey, SortedDictionary<int, byte[]> states)
    {
        // A row key is never a prefix of another row key (its escaped key cannot hold a bare zero byte), so the
        // keys that start with it and have 4 more bytes are exactly this row's partials and marker.
        var unrendered = false;
        for (iterator.Seek(rowKey); iterator.Valid(); iterator.Next())
        {
            var key = iterator.Key();
            if (!key.StartsWith(rowKey) || key.Length != rowKey.Length + sizeof(int))
            {
                break;
            }

            var partition = BinaryPrimitives.ReadInt32BigEndian(key[rowKey.Length..]);
            if (partition == UnrenderedMarker)
            {
                unrendered = true;
            }
            else
            {
                states[partition] = iterator.Value().ToArray();
            }
        }

        return unrendered;
    }

    private static byte[] PartialKey(byte[] rowKey, int partition)
    {
        var key = new byte[rowKey.Length + 4];
        rowKey.CopyTo(key, 0);
        BinaryPrimitives.WriteInt32BigEndian(key.AsSpan(rowKey.Length), partition);
        return key;
    }
}

/// <summary>A task's partial row: the aggregate states one source partition contributes to a row.</summary>
/// <param name="RowKey">The row key.</param>
/// <param name="Partition">The source partition.</param>
/// <param name="State">The partial's aggregate states.</param>
internal readonly record struct PartialUpsert(byte[] RowKey, int Partition, byte[] State);
