using System.Numerics;

namespace Kappa.Views.Store;

/// <summary>
/// The rows one materializer shard has partials for, when the shard can know them all: it started on a shard with
/// nothing applied (as every replay does), and every row it wrote since is here. A row that is not here then has no
/// partials and no row, so the store need not look it up: in a replay most changelog records are a row's first.
/// <para>
/// A Bloom filter of row keys: two bits per row, both in one 64-bit word, so a row costs one memory access (a hash set
/// of the rows cost two, and a fifth of the materializer's preparing thread). A false positive only costs a lookup.
/// Its memory is fixed whatever the number of rows; once a quarter of its bits are set, when about one new row in
/// fourteen would be looked up for nothing, it stops knowing (every row is looked up from then on), which bounds the
/// lookups it can waste. At 4 MiB that is after about 4,800,000 rows; at 800,000 rows, one new row in about 280 is
/// looked up.
/// </para>
/// Used by one thread at a time.
/// </summary>
internal sealed class KnownRows
{
    private ulong[]? _words;
    private readonly uint _mask;
    private readonly long _mostBitsSet;
    private long _bitsSet;

    /// <param name="bytes">The filter's size, rounded down to a power of two of at least 8 bytes.</param>
    public KnownRows(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, sizeof(ulong));

        // The word index takes the hash's low bits, at most 20 of them: the two bit positions take the top 12.
        var words = 1 << Math.Min(BitOperations.Log2((uint)(bytes / sizeof(ulong))), 20);
        _words = new ulong[words];
        _mask = (uint)words - 1;
        _mostBitsSet = (long)words * 64 / 4;
    }

    /// <summary>Whether the filter still knows every row; false once it gave up, and every row may have partials.</summary>
    public bool Knows => _words is not null;

    /// <summary>Whether the row may have partials; false means it certainly has none.</summary>
    public bool MayHave(ReadOnlySpan<byte> rowKey)
    {
        if (_words is not { } words)
        {
            return true;
        }

        var (word, bits) = Locate(rowKey);
        return (words[word] & bits) == bits;
    }

    /// <summary>Records rows that now have partials.</summary>
    public void Add(IEnumerable<byte[]> rowKeys)
    {
        foreach (var rowKey in rowKeys)
        {
            if (_words is not { } words)
            {
                return;
            }

            var (word, bits) = Locate(rowKey);
            var before = words[word];
            words[word] = before | bits;
            _bitsSet += BitOperations.PopCount(bits & ~before);
            if (_bitsSet > _mostBitsSet)
            {
                _words = null;
            }
        }
    }

    /// <summary>A row's word and its two bits in it, from its FNV-1a hash mixed so that every bit depends on every key byte.</summary>
    private (int Word, ulong Bits) Locate(ReadOnlySpan<byte> rowKey)
    {
        // FNV-1a's low bits depend only on the keys' low bits; MurmurHash3's finalizer spreads them.
        var hash = Fnv1a.Hash(rowKey);
        hash ^= hash >> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >> 13;
        hash *= 0xc2b2ae35;
        hash ^= hash >> 16;
        return ((int)(hash & _mask), (1UL << (int)((hash >> 20) & 63)) | (1UL << (int)(hash >> 26)));
    }
}
