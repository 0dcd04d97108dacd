using System.Buffers.Binary;
using Kappa.Storage;

namespace Kappa.Views.Store;

/// <summary>
/// The sliding form of partial rows: tasks publish exact 1 ms bucket partials, and a key's sliding windows are
/// combined from the buckets of every source partition, so a window's rows are not one row's partials but a range of
/// them.
/// </summary>
internal sealed partial class ViewStore
{
    /// <summary>
    /// Applies 1 ms bucket partials of a sliding view (one per task bucket row and source partition, in log order;
    /// buckets are never deleted). The partials are stored like any other (row key + partition); then, per touched group
    /// key, the stored buckets around the changed times are read back, in ranges
    /// <c>[t - d - 1, t + d + 1]</c> merged where they overlap (never the key's whole history), and handed with the
    /// changed times to <paramref name="render"/> (the key's row-key prefix, the buckets ascending by time then
    /// partition, the changed times ascending; it returns the start and row JSON of each window it rendered, or null to
    /// leave the key's rows as they were). The rendered windows are upserted; as no bucket ever disappears, no window
    /// does either, and the row count grows by the windows that are new. Partials, rows, the count and the offsets
    /// change in one batch. Idempotent like <see cref="Apply"/>: applying a bucket's partial again renders the same rows.
    /// </summary>
    /// <remarks>The cost of a change grows with the buckets within <c>d + 1</c> ms of it: each re-renders up to
    /// <c>d + 2</c> windows (in practice two per nearby bucket time), each merged from its member buckets.</remarks>
    public void ApplySlidingPartials(
        string view,
        int version,
        IReadOnlyList<PartialUpsert> partials,
        long timeDifferenceMs,
        Func<byte[], IReadOnlyList<(long Time, byte[] State)>, IReadOnlyList<long>, IReadOnlyList<(long Start, byte[] Json)>?> render,
        IReadOnlyDictionary<int, long> nextOffsets)
    {
        _dropLock.EnterReadLock();
        try
        {
            var partialsFamily = Family(PartialsFamilyName(view, version));

            // The batch's bucket partials per key, the last per (time, partition) winning as in the log.
            var byKey = new Dictionary<byte[], SortedDictionary<(long Time, int Partition), byte[]>>(ByteArrayComparer.Instance);
            var keys = new List<byte[]>();
            using var batch = new WriteBatch();
            foreach (var partial in partials)
            {
                var prefix = partial.RowKey[..^sizeof(long)];
                if (!byKey.TryGetValue(prefix, out var changes))
                {
                    byKey[prefix] = changes = [];
                    keys.Add(prefix);
                }

                changes[(StartOf(partial.RowKey), partial.Partition)] = partial.State;
                batch.Put(PartialKey(partial.RowKey, partial.Partition), partial.State, partialsFamily);
            }

            var rows = new List<RowUpsert>();
            foreach (var prefix in keys)
            {
                var changes = byKey[prefix];
                var changed = changes.Keys.Select(k => k.Time).Distinct().ToList();
                var d = timeDifferenceMs;

                // Clusters of changed times whose ranges [t - d - 1, t + d + 1] overlap: one bounded scan each.
                var first = 0;
                for (var i = 1; i <= changed.Count; i++)
                {
                    if (i < changed.Count && changed[i] - d - 1 <= changed[i - 1] + d + 1)
                    {
                        continue;
                    }

                    var times = changed.GetRange(first, i - first);
                    var buckets = ReadBuckets(partialsFamily, prefix, checked(times[0] - d - 1), checked(times[^1] + d + 1), changes);
                    if (render(prefix, buckets, times) is { } windows)
                    {
                        foreach (var (start, json) in windows)
                        {
                            rows.Add(new RowUpsert(WithStart(prefix, start), json));
                        }
                    }

                    first = i;
                }
            }

            ApplyRows(batch, view, version, rows);
            Finish(batch, view, version, nextOffsets);
        }
        finally
        {
            _dropLock.ExitReadLock();
        }
    }

    /// <summary>
    /// A key's bucket partials with times in <c>[from, to]</c>, ascending by time then partition: the stored ones, with
    /// this batch's <paramref name="changes"/> (not yet written) in their place.
    /// </summary>
    private List<(long Time, byte[] State)> ReadBuckets(
        ColumnFamilyHandle family,
        byte[] prefix,
        long from,
        long to,
        SortedDictionary<(long Time, int Partition), byte[]> changes)
    {
        var buckets = new SortedDictionary<(long Time, int Partition), byte[]>();
        using (var readOptions = new ReadOptions().SetIterateLowerBound(WithStart(prefix, from)).SetIterateUpperBound(WithStart(prefix, checked(to + 1))))
        using (var iterator = _db.NewIterator(family, readOptions))
        {
            // Between the two bounds every key has the prefix: the bounds share it and differ only in the start.
            for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
            {
                var key = iterator.Key();
                if (key.Length != prefix.Length + sizeof(long) + sizeof(int))
                {
                    continue;
                }

                var partition = BinaryPrimitives.ReadInt32BigEndian(key[^sizeof(int)..]);
                buckets[(StartOf(key[..^sizeof(int)]), partition)] = iterator.Value().ToArray();
            }
        }

        foreach (var ((time, partition), state) in changes)
        {
            if (time >= from && time <= to)
            {
                buckets[(time, partition)] = state;
            }
        }

        return [.. buckets.Select(b => (b.Key.Time, b.Value))];
    }

    /// <summary>The window start of a row key (its last 8 bytes, big-endian with the sign bit flipped).</summary>
    private static long StartOf(ReadOnlySpan<byte> rowKey) =>
        unchecked((long)(BinaryPrimitives.ReadUInt64BigEndian(rowKey[^sizeof(long)..]) ^ 0x8000_0000_0000_0000UL));

    /// <summary>The row key of a key's window starting at <paramref name="start"/>, from the key's row-key prefix.</summary>
    private static byte[] WithStart(byte[] prefix, long start)
    {
        var rowKey = new byte[prefix.Length + sizeof(long)];
        prefix.CopyTo(rowKey, 0);
        BinaryPrimitives.WriteUInt64BigEndian(rowKey.AsSpan(prefix.Length), unchecked((ulong)start ^ 0x8000_0000_0000_0000UL));
        return rowKey;
    }
}
