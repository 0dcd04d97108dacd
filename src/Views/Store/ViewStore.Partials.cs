using System.Buffers;
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
    /// touched row's partials, stored or <paramref name="recent"/>, with the new ones and renders it with
    /// <paramref name="render"/> (row key, partial states in partition order; false leaves the row as it was), and stages
    /// the writes in the prepared batch's <see cref="PreparedPartials.Batch"/>. Reads, never writes. Threads may prepare
    /// disjoint sets of rows at once.
    /// </summary>
    /// <param name="view">The view.</param>
    /// <param name="version">The version.</param>
    /// <param name="partials">The partials, in log order.</param>
    /// <param name="render">Renders a row from its partial states; called on the calling thread.</param>
    /// <param name="recent">The rows this caller prepared lately, as prepared: a row there is read from here, not the
    /// store. It always holds the last batch prepared, so a batch prepared while the one before is still being written
    /// never reads that one's rows from the store. Updated with the rows prepared.</param>
    /// <param name="known">The rows that have partials, when the caller knows them all: a row not there is new and
    /// is not looked up. Null to look every row up. Updated with the rows prepared.</param>
    /// <param name="into">Where to prepare them, emptied first, or null for new: a caller that prepares batch after
    /// batch reuses the one it prepared two batches ago, once that is written, rather than allocating the lists of a
    /// batch's size (large-object-heap arrays, for a batch of thousands) every time. The caller owns what is returned
    /// (it holds a native write batch): it disposes it, or prepares into it again.</param>
    public PreparedPartials PreparePartials(
        string view,
        int version,
        IReadOnlyList<PartialUpsert> partials,
        PartialRowRenderer render,
        RecentRows recent,
        KnownRows? known,
        PreparedPartials? into = null)
    {
        // The partials in row key order, then partition, then log order: each row's changes are one run, and of a
        // partition's changes in a batch the last (in log order) is the partition's new state.
        var order = new int[partials.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (x, y) =>
        {
            var byKey = partials[x].RowKey.AsSpan().SequenceCompareTo(partials[y].RowKey);
            return byKey != 0 ? byKey : partials[x].Partition != partials[y].Partition ? partials[x].Partition.CompareTo(partials[y].Partition) : x.CompareTo(y);
        });

        into?.Clear();
        var prepared = into ?? new PreparedPartials(order.Length);
        _dropLock.EnterReadLock();
        try
        {
            // One iterator for the whole batch, sought forward row by row in key order: creating an iterator per row
            // cost more than everything else the materializer does for it. Created only once a row needs it.
            using var readOptions = new ReadOptions();
            Iterator? iterator = null;
            try
            {
                var changes = new List<(int Partition, byte[] State)>();
                for (var at = 0; at < order.Length;)
                {
                    var rowKey = partials[order[at]].RowKey;
                    changes.Clear();
                    var latestRow = ReadOnlyMemory<byte>.Empty;
                    for (; at < order.Length && partials[order[at]].RowKey.AsSpan().SequenceEqual(rowKey); at++)
                    {
                        var (_, partition, state, row) = partials[order[at]];
                        latestRow = row;
                        if (changes.Count > 0 && changes[^1].Partition == partition)
                        {
                            changes[^1] = (partition, state);
                        }
                        else
                        {
                            changes.Add((partition, state));
                        }
                    }

                    var before = recent.Find(rowKey)
                        ?? (known?.MayHave(rowKey) == false
                            ? RowPartials.None
                            : ReadPartials(iterator ??= _db.NewIterator(Family(PartialsFamilyName(view, version)), readOptions), rowKey));
                    prepared.Add(rowKey, before, changes, latestRow, render);
                }
            }
            finally
            {
                iterator?.Dispose();
            }

            Stage(view, version, prepared);
        }
        finally
        {
            _dropLock.ExitReadLock();
        }

        known?.Add(prepared.Written.Keys);
        recent.Add(prepared.Written);
        return prepared;
    }

    /// <summary>
    /// Puts a prepared batch's partials, markers and rows into its <see cref="PreparedPartials.Batch"/>: on the thread
    /// that prepared it, as the writer is what a replay waits for once its tasks are done, and copying thousands of keys
    /// and values into a batch was a tenth of its work.
    /// </summary>
    private void Stage(string view, int version, PreparedPartials prepared)
    {
        var partialsFamily = Family(PartialsFamilyName(view, version));
        var batch = prepared.Batch;

        // The batch copies keys, so one scratch key serves every partial.
        var scratch = new byte[256];
        foreach (var (rowKey, partition, state) in prepared.Partials)
        {
            var key = PartialKeyIn(ref scratch, rowKey, partition);
            if (state is null)
            {
                batch.Delete(key, partialsFamily);
            }
            else
            {
                batch.Put(key, state, partialsFamily);
            }
        }

        prepared.PutRows(batch, Family(view, version));
    }

    /// <summary>
    /// Writes prepared partials (of disjoint rows, in the order they were prepared), the row count and the next
    /// offsets, in one batch. Each prepared batch is written once: the count and offsets are added to a lone part's
    /// own <see cref="PreparedPartials.Batch"/>, which only preparing into it again empties.
    /// </summary>
    public void WritePartials(string view, int version, IReadOnlyList<PreparedPartials> prepared, IReadOnlyDictionary<int, long> nextOffsets)
    {
        _dropLock.EnterReadLock();
        try
        {
            // Each part's batch holds its partials and rows already; several parts are joined into one write.
            using var joined = prepared.Count == 1 ? null : WriteBatch.Concat([.. prepared.Select(part => part.Batch)]);
            var batch = joined ?? prepared[0].Batch;
            var count = CountRows(view, version);
            foreach (var part in prepared)
            {
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
        // keys that start with it and have 4 more bytes are exactly this row's partials (in partition order) and
        // marker (last: no partition is negative, and the marker's bytes sort after every partition's).
        List<int>? partitions = null;
        List<byte[]>? states = null;
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
                (partitions ??= []).Add(partition);
                (states ??= []).Add(iterator.Value().ToArray());
            }
        }

        return partitions is null && !unrendered
            ? RowPartials.None
            : new RowPartials(partitions?.ToArray() ?? [], states?.ToArray() ?? [], unrendered);
    }

    private static byte[] PartialKey(byte[] rowKey, int partition)
    {
        var key = new byte[rowKey.Length + sizeof(int)];
        PartialKeyIn(ref key, rowKey, partition);
        return key;
    }

    /// <summary>
    /// A partial's key, written at the start of <paramref name="scratch"/> (replaced by a larger one when too small).
    /// The span is valid until the next call with the same scratch.
    /// </summary>
    private static ReadOnlySpan<byte> PartialKeyIn(ref byte[] scratch, byte[] rowKey, int partition)
    {
        var length = rowKey.Length + sizeof(int);
        if (scratch.Length < length)
        {
            scratch = new byte[length * 2];
        }

        rowKey.CopyTo(scratch, 0);
        BinaryPrimitives.WriteInt32BigEndian(scratch.AsSpan(rowKey.Length), partition);
        return scratch.AsSpan(0, length);
    }

    /// <summary>
    /// Partial rows prepared by <see cref="PreparePartials"/> for <see cref="WritePartials"/>: the partials and
    /// markers to write, the rendered rows, how many rows are new, and each touched row's partials as written.
    /// <para>
    /// The rows are rendered one after another into one buffer, which the next batch prepared here reuses: a row is
    /// written once and never read back from here, so a buffer per row was only garbage, and the largest share of what
    /// the materializer allocated per changelog record.
    /// </para>
    /// </summary>
    internal sealed class PreparedPartials(int rows) : IDisposable
    {
        private readonly ArrayBufferWriter<byte> _json = new();

        // Each rendered row: its key, and where its JSON is in _json (offsets, as the buffer moves when it grows).
        private readonly List<(byte[] RowKey, int Start, int Length)> _rows = new(rows);

        /// <summary>Partials to write, by row key and partition (<see cref="UnrenderedMarker"/> for the marker); a null state deletes.</summary>
        public List<(byte[] RowKey, int Partition, byte[]? State)> Partials { get; } = new(rows);

        private WriteBatch? _batch;

        /// <summary>
        /// The write of the partials, markers and rows, once prepared; <see cref="WritePartials"/> adds the count and
        /// offsets. Emptied, not made anew, for the next batch prepared here; made when first asked for, so shards that
        /// never prepare partials (session and sliding views) hold no native batch.
        /// </summary>
        public WriteBatch Batch => _batch ??= new();

        /// <summary>How many rendered rows there are to write.</summary>
        public int RowCount => _rows.Count;

        /// <summary>Rows that did not exist before and do after.</summary>
        public long AddedRows { get; private set; }

        /// <summary>Every touched row's partials once written: what a batch prepared before the write must read.</summary>
        public Dictionary<byte[], RowPartials> Written { get; } = new(rows, ByteArrayComparer.Instance);

        /// <summary>Empties it for another batch, keeping the capacity of its lists.</summary>
        internal void Clear()
        {
            _batch?.Clear();
            Partials.Clear();
            _rows.Clear();
            _json.ResetWrittenCount();
            Written.Clear();
            AddedRows = 0;
        }

        /// <inheritdoc />
        public void Dispose() => _batch?.Dispose();

        /// <summary>Puts the rendered rows into <paramref name="batch"/>, which copies them.</summary>
        internal void PutRows(WriteBatch batch, ColumnFamilyHandle family)
        {
            var json = _json.WrittenSpan;
            foreach (var (rowKey, start, length) in _rows)
            {
                batch.Put(rowKey, json.Slice(start, length), family);
            }
        }

        /// <param name="rowKey">The row.</param>
        /// <param name="before">Its partials before the batch.</param>
        /// <param name="changes">Its partials in the batch, the last of each partition, in partition order.</param>
        /// <param name="latestRow">The <see cref="PartialUpsert.Row"/> of its last partial in the batch: when the row has
        /// no other partial, what that partition says the row is.</param>
        /// <param name="render">The renderer (see <see cref="PreparePartials"/>).</param>
        internal void Add(
            byte[] rowKey,
            RowPartials before,
            List<(int Partition, byte[] State)> changes,
            ReadOnlyMemory<byte> latestRow,
            PartialRowRenderer render)
        {
            foreach (var (partition, state) in changes)
            {
                Partials.Add((rowKey, partition, state));
            }

            var (partitions, states) = RowPartials.Merge(before, changes);
            // A row that cannot be rendered keeps its previous value (none, for a new row: the marker says so).
            var unrendered = before.Unrendered;
            // One partial after the merge means one change, this batch's, whose partition is then the row's only one.
            var start = _json.WrittenCount;
            if (render(rowKey, states, partitions.Length == 1 ? latestRow : ReadOnlyMemory<byte>.Empty, _json))
            {
                _rows.Add((rowKey, start, _json.WrittenCount - start));
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

            Written[rowKey] = new RowPartials(partitions, states, unrendered);
        }
    }
}

/// <summary>
/// Renders a row from its partial states (in partition order) into <paramref name="output"/>. Given also the
/// <see cref="PartialUpsert.Row"/> of its partial in this batch when that is the row's only partial, and empty otherwise.
/// </summary>
/// <param name="rowKey">The row key.</param>
/// <param name="states">The row's partial states, in partition order.</param>
/// <param name="soleRow">What the row's only partition says the row is, or empty.</param>
/// <param name="output">Where the row's JSON goes.</param>
/// <returns>False, having written nothing, when the row cannot be rendered: it keeps its previous value.</returns>
internal delegate bool PartialRowRenderer(byte[] rowKey, IReadOnlyList<byte[]> states, ReadOnlyMemory<byte> soleRow, IBufferWriter<byte> output);

/// <summary>
/// A row's partial states by source partition, and whether it is marked unrendered (it has partials but no row).
/// <paramref name="Partitions"/> ascends, and <paramref name="States"/> holds each one's state at the same index.
/// Neither array is ever changed once made, so rows may share them: a row that <see cref="Merge"/> leaves with one
/// partition (below 1,024) gets that partition's shared partitions array.
/// </summary>
/// <param name="Partitions">The source partitions with a partial, ascending.</param>
/// <param name="States">Each partition's partial state.</param>
/// <param name="Unrendered">Whether the row is marked unrendered.</param>
internal sealed record RowPartials(int[] Partitions, byte[][] States, bool Unrendered)
{
    /// <summary>The partitions arrays shared by rows of one partition: most rows, where a source is keyed as its view is.</summary>
    private static readonly int[][] SinglePartitions = [.. Enumerable.Range(0, 1024).Select(p => new[] { p })];

    /// <summary>A row with no partials: it does not exist.</summary>
    public static RowPartials None { get; } = new([], [], false);

    /// <summary>Whether the row exists.</summary>
    public bool Exists => States.Length > 0 && !Unrendered;

    /// <summary>
    /// The partials of <paramref name="before"/> with <paramref name="changes"/> (ascending by partition, one each)
    /// put over them: a changed partition's state replaces its old one. New arrays, in partition order, except that a
    /// row left with one partition gets that partition's shared array (see <see cref="SinglePartitions"/>).
    /// </summary>
    public static (int[] Partitions, byte[][] States) Merge(RowPartials before, IReadOnlyList<(int Partition, byte[] State)> changes)
    {
        var old = before.Partitions;
        if (changes.Count == 1 && (old.Length == 0 || (old.Length == 1 && old[0] == changes[0].Partition)))
        {
            var (partition, state) = changes[0];
            return ((uint)partition < SinglePartitions.Length ? SinglePartitions[partition] : [partition], [state]);
        }

        var count = old.Length + changes.Count;
        for (int i = 0, j = 0; i < old.Length && j < changes.Count;)
        {
            var order = old[i].CompareTo(changes[j].Partition);
            count -= order == 0 ? 1 : 0;
            i += order <= 0 ? 1 : 0;
            j += order >= 0 ? 1 : 0;
        }

        var partitions = new int[count];
        var states = new byte[count][];
        for (int i = 0, j = 0, k = 0; k < count; k++)
        {
            if (j == changes.Count || (i < old.Length && old[i] < changes[j].Partition))
            {
                (partitions[k], states[k]) = (old[i], before.States[i]);
                i++;
            }
            else
            {
                (partitions[k], states[k]) = changes[j];
                i += i < old.Length && old[i] == changes[j].Partition ? 1 : 0;
                j++;
            }
        }

        return (partitions, states);
    }
}

/// <summary>A task's partial row: the aggregate states one source partition contributes to a row.</summary>
/// <param name="RowKey">The row key.</param>
/// <param name="Partition">The source partition.</param>
/// <param name="State">The partial's aggregate states.</param>
/// <param name="Row">What the partition's record says the row is, were this its only partial (the record's JSON up to
/// the partial's own fields, see <c>RowRenderer.RowOfPartial</c>), or empty when the record does not say; it views the
/// changelog batch, so it is valid only until the next poll.</param>
internal readonly record struct PartialUpsert(byte[] RowKey, int Partition, byte[] State, ReadOnlyMemory<byte> Row = default);
