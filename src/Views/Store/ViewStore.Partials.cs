using System.Buffers.Binary;
using Kappa.Storage;

namespace Kappa.Views.Store;

/// <summary>
/// Rows merged from partials, in two steps so that a materializer can prepare one batch while the store writes the
/// one before: <see cref="PreparePartials"/> reads and renders, possibly for several disjoint sets of rows at once,
/// and writes nothing; <see cref="WritePartials"/> writes prepared rows, partials, count and offsets in one batch.
/// <para>
/// The partials family holds, per row, each source partition's partial under <c>row key + partition</c> (4 bytes,
/// big-endian) and, for a row whose partials could never be rendered, an <em>unrendered</em> marker under
/// <c>row key + FF FF FF FF</c> (no partition is negative). So one seek tells both a row's partials and whether the
/// row exists: it does when it has partials and no marker.
/// </para>
/// </summary>
internal sealed partial class ViewStore
{
    private const int UnrenderedMarker = -1;

    /// <summary>
    /// Prepares partial rows (one per row and source partition, as tasks publish them, in log order): merges each
    /// touched row's partials, stored or <paramref name="pending"/>, with the new ones and renders it with
    /// <paramref name="render"/> (row key, partial states in partition order; null leaves the row as it was). Reads,
    /// never writes. Threads may prepare disjoint sets of rows at once.
    /// </summary>
    /// <param name="view">The view.</param>
    /// <param name="version">The version.</param>
    /// <param name="partials">The partials, in log order.</param>
    /// <param name="render">Renders a row from its partial states; called on the calling thread.</param>
    /// <param name="pending">Rows of a prepared batch not yet written: they are read from here, not the store.</param>
    /// <param name="known">The rows that have partials, when the caller knows them all: a row not there is new and
    /// is not looked up. Null to look every row up. Updated with the rows prepared.</param>
    public PreparedPartials PreparePartials(
        string view,
        int version,
        IReadOnlyList<PartialUpsert> partials,
        Func<byte[], IReadOnlyList<byte[]>, byte[]?> render,
        IReadOnlyDictionary<byte[], RowPartials>? pending,
        KnownRows? known)
    {
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
        var prepared = new PreparedPartials(rowKeys.Length);
        _dropLock.EnterReadLock();
        try
        {
            // One iterator for the whole batch, sought forward row by row in key order: creating an iterator per row
            // cost more than everything else the materializer does for it.
            using var readOptions = new ReadOptions();
            using var iterator = _db.NewIterator(Family(PartialsFamilyName(view, version)), readOptions);
            foreach (var rowKey in rowKeys)
            {
                var before = pending?.GetValueOrDefault(rowKey) is { } written
                    ? written
                    : known?.MayHave(rowKey) == false ? RowPartials.None : ReadPartials(iterator, rowKey);
                prepared.Add(rowKey, before, byRow[rowKey], render);
            }
        }
        finally
        {
            _dropLock.ExitReadLock();
        }

        known?.Add(rowKeys);
        return prepared;
    }

    /// <summary>
    /// Writes prepared partials (of disjoint rows, in the order they were prepared), the row count and the next
    /// offsets, in one batch.
    /// </summary>
    public void WritePartials(string view, int version, IReadOnlyList<PreparedPartials> prepared, IReadOnlyDictionary<int, long> nextOffsets)
    {
        _dropLock.EnterReadLock();
        try
        {
            var partialsFamily = Family(PartialsFamilyName(view, version));
            var rowsFamily = Family(view, version);
            using var batch = new WriteBatch();
            var count = CountRows(view, version);
            foreach (var part in prepared)
            {
                foreach (var (rowKey, partition, state) in part.Partials)
                {
                    var key = PartialKey(rowKey, partition);
                    if (state is null)
                    {
                        batch.Delete(key, partialsFamily);
                    }
                    else
                    {
                        batch.Put(key, state, partialsFamily);
                    }
                }

                foreach (var (rowKey, json) in part.Rows)
                {
                    batch.Put(rowKey, json, rowsFamily);
                }

                count += part.AddedRows;
            }

            PutCount(batch, view, version, count);
            Finish(batch, view, version, nextOffsets);
        }
        finally
        {
            _dropLock.ExitReadLock();
        }
    }

    /// <summary>A row's stored partials and marker.</summary>
    private static RowPartials ReadPartials(Iterator iterator, byte[] rowKey)
    {
        // A row key is never a prefix of another row key (its escaped key cannot hold a bare zero byte), so the
        // keys that start with it and have 4 more bytes are exactly this row's partials and marker.
        SortedDictionary<int, byte[]>? states = null;
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
                (states ??= [])[partition] = iterator.Value().ToArray();
            }
        }

        return states is null && !unrendered ? RowPartials.None : new RowPartials(states ?? [], unrendered);
    }

    private static byte[] PartialKey(byte[] rowKey, int partition)
    {
        var key = new byte[rowKey.Length + 4];
        rowKey.CopyTo(key, 0);
        BinaryPrimitives.WriteInt32BigEndian(key.AsSpan(rowKey.Length), partition);
        return key;
    }

    /// <summary>
    /// Partial rows prepared by <see cref="PreparePartials"/> for <see cref="WritePartials"/>: the partials and
    /// markers to write, the rendered rows, how many rows are new, and each touched row's partials as written.
    /// </summary>
    internal sealed class PreparedPartials(int rows)
    {
        /// <summary>Partials to write, by row key and partition (<see cref="UnrenderedMarker"/> for the marker); a null state deletes.</summary>
        public List<(byte[] RowKey, int Partition, byte[]? State)> Partials { get; } = new(rows);

        /// <summary>Rendered rows to write.</summary>
        public List<(byte[] RowKey, byte[] Json)> Rows { get; } = new(rows);

        /// <summary>Rows that did not exist before and do after.</summary>
        public long AddedRows { get; private set; }

        /// <summary>Every touched row's partials once written: what a batch prepared before the write must read.</summary>
        public Dictionary<byte[], RowPartials> Written { get; } = new(rows, ByteArrayComparer.Instance);

        internal void Add(byte[] rowKey, RowPartials before, SortedDictionary<int, byte[]> changes, Func<byte[], IReadOnlyList<byte[]>, byte[]?> render)
        {
            var states = new SortedDictionary<int, byte[]>(before.States);
            foreach (var (partition, state) in changes)
            {
                states[partition] = state;
                Partials.Add((rowKey, partition, state));
            }

            // A row that cannot be rendered keeps its previous value (none, for a new row: the marker says so).
            var unrendered = before.Unrendered;
            if (render(rowKey, [.. states.Values]) is { } json)
            {
                Rows.Add((rowKey, json));
                AddedRows += before.Exists ? 0 : 1;
                if (unrendered)
                {
                    Partials.Add((rowKey, UnrenderedMarker, null));
                    unrendered = false;
                }
            }
            else if (!before.Exists && !unrendered)
            {
                Partials.Add((rowKey, UnrenderedMarker, []));
                unrendered = true;
            }

            Written[rowKey] = new RowPartials(states, unrendered);
        }
    }
}

/// <summary>A row's partial states by source partition, and whether it is marked unrendered (it has partials but no row).</summary>
internal sealed record RowPartials(SortedDictionary<int, byte[]> States, bool Unrendered)
{
    /// <summary>A row with no partials: it does not exist.</summary>
    public static RowPartials None { get; } = new([], false);

    /// <summary>Whether the row exists.</summary>
    public bool Exists => States.Count > 0 && !Unrendered;
}

/// <summary>A task's partial row: the aggregate states one source partition contributes to a row.</summary>
/// <param name="RowKey">The row key.</param>
/// <param name="Partition">The source partition.</param>
/// <param name="State">The partial's aggregate states.</param>
internal readonly record struct PartialUpsert(byte[] RowKey, int Partition, byte[] State);
