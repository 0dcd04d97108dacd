using System.Security.Cryptography;
using System.Text;
using Kappa.Contracts.Lifecycle;
using Kappa.Contracts.Views;
using Kappa.Replay.Validation;
using Kappa.Views.Store;

namespace Kappa.Replay.Diff;

/// <summary>
/// Compares two versions of a view key by key, in one merged pass over both in row-key order (one key's rows are
/// contiguous, so memory holds one key's rows at a time), and hashes each version's content as it goes: identical
/// hashes mean byte-identical views, which is what replay determinism promises.
/// </summary>
internal static class ViewDiffer
{
    public static ViewDiff Compare(ViewStore store, string view, int a, int b, int sampleLimit)
    {
        using var hashA = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var hashB = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var left = Keys(store, view, a, hashA).GetEnumerator();
        using var right = Keys(store, view, b, hashB).GetEnumerator();
        var added = new List<string>();
        var removed = new List<string>();
        var changed = new List<string>();
        long rowsA = 0, rowsB = 0, keysAdded = 0, keysRemoved = 0, keysChanged = 0, keysUnchanged = 0;
        var hasLeft = left.MoveNext();
        var hasRight = right.MoveNext();
        while (hasLeft || hasRight)
        {
            var order = !hasLeft ? 1 : !hasRight ? -1 : left.Current.Key.AsSpan().SequenceCompareTo(right.Current.Key);
            if (order < 0)
            {
                rowsA += left.Current.Rows.Count;
                keysRemoved++;
                Sample(removed, left.Current.Key, sampleLimit);
                hasLeft = left.MoveNext();
            }
            else if (order > 0)
            {
                rowsB += right.Current.Rows.Count;
                keysAdded++;
                Sample(added, right.Current.Key, sampleLimit);
                hasRight = right.MoveNext();
            }
            else
            {
                rowsA += left.Current.Rows.Count;
                rowsB += right.Current.Rows.Count;
                if (Same(left.Current.Rows, right.Current.Rows))
                {
                    keysUnchanged++;
                }
                else
                {
                    keysChanged++;
                    Sample(changed, left.Current.Key, sampleLimit);
                }

                hasLeft = left.MoveNext();
                hasRight = right.MoveNext();
            }
        }

        return new ViewDiff(
            view,
            a,
            b,
            rowsA,
            rowsB,
            keysAdded,
            keysRemoved,
            keysChanged,
            keysUnchanged,
            Convert.ToHexStringLower(hashA.GetHashAndReset()),
            Convert.ToHexStringLower(hashB.GetHashAndReset()),
            added,
            removed,
            changed);
    }

    /// <summary>The version's rows grouped by encoded group key, hashing every row on the way.</summary>
    private static IEnumerable<(byte[] Key, List<(byte[] RowKey, byte[] Json)> Rows)> Keys(ViewStore store, string view, int version, IncrementalHash hash)
    {
        byte[]? key = null;
        var rows = new List<(byte[], byte[])>();
        var length = new byte[sizeof(int)];
        foreach (var (rowKey, json) in VersionScan.Rows(store, view, version))
        {
            // Length-prefixed, so no two different contents hash the same bytes.
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, rowKey.Length);
            hash.AppendData(length);
            hash.AppendData(rowKey);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, json.Length);
            hash.AppendData(length);
            hash.AppendData(json);
            var part = rowKey[..^sizeof(long)];
            if (key is null)
            {
                key = part;
            }
            else if (!part.AsSpan().SequenceEqual(key))
            {
                yield return (key, rows);
                (key, rows) = (part, []);
            }

            rows.Add((rowKey, json));
        }

        if (key is not null)
        {
            yield return (key, rows);
        }
    }

    private static bool Same(List<(byte[] RowKey, byte[] Json)> a, List<(byte[] RowKey, byte[] Json)> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!a[i].RowKey.AsSpan().SequenceEqual(b[i].RowKey) || !a[i].Json.AsSpan().SequenceEqual(b[i].Json))
            {
                return false;
            }
        }

        return true;
    }

    private static void Sample(List<string> samples, byte[] encodedKey, int limit)
    {
        if (samples.Count < limit)
        {
            // Decode through a dummy window start: the encoded key is the row key without it.
            var rowKey = new byte[encodedKey.Length + sizeof(long)];
            encodedKey.CopyTo(rowKey, 0);
            samples.Add(Encoding.UTF8.GetString(RowKey.Decode(rowKey).Key));
        }
    }
}
