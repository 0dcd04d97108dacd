using System.Runtime.InteropServices;
using Kappa.Storage;

namespace Kappa.Views.Store;

/// <summary>
/// The partials of the rows one materializer shard prepared lately, as it wrote them (or is writing them), so a row
/// changed again soon is not sought in the store: at the head of a changelog a row's changes come close together
/// (its window is the current one), and a seek costs more than everything else the materializer does for the row.
/// <para>
/// Invariant: what it holds for a row is the row's partials once every batch prepared so far is written, because
/// only this shard writes its rows and it writes them in the order it prepared them. It keeps two generations of
/// at most <see cref="Capacity"/> rows each, and turns over only between batches, so the last batch's rows are always
/// here and an older value of a row is never found before a newer one.
/// </para>
/// <para>
/// With a smaller least capacity it sizes itself. Holding rows that never come back costs: they outlive young
/// collections and are promoted, which in a replay (whose tasks publish a row about once a commit of several
/// seconds) made the materializer's collections pause two to three times as long. So it remembers the hashes of the
/// last <c>2 × capacity</c> rows added, a few bytes each, and counts how many rows looked up were among them: how
/// often generations of the full capacity would have held the row. When that is under a tenth of the lookups, a
/// row held saves less than it costs (a seek is about ten times the cost of holding a row), and the generations
/// shrink to the least capacity; when it is a tenth or more, they are full-size. Lookups decide, not the
/// materializer's lag: a materializer behind a live changelog sees the rows come back as often as one at its head.
/// The count is a sample: only rows whose hash's top three bits are zero, an eighth of them, are remembered and
/// counted, as the full count was a fifth of the materializer's preparing thread, and a proportion is as well told
/// from an eighth of its cases.
/// </para>
/// Used by one thread at a time.
/// </summary>
internal sealed class RecentRows
{
    /// <summary>Sampled lookups between two decisions on the capacity: about 4,096 lookups.</summary>
    private const int LookupsPerDecision = 512;

    /// <summary>How many of a hash's top bits must be zero for its row to be sampled: one row in eight.</summary>
    private const int SampleBits = 3;

    private readonly int _fullCapacity;
    private readonly int _leastCapacity;
    private Dictionary<byte[], RowPartials> _current = new(ByteArrayComparer.Instance);
    private Dictionary<byte[], RowPartials> _previous = new(ByteArrayComparer.Instance);

    // The hashes of the sampled rows among the last 2 × full capacity rows added, oldest overwritten first, and how
    // often each hash is among them. Null when the capacity is fixed.
    private readonly uint[]? _reach;
    private readonly Dictionary<uint, int> _inReach = [];
    private int _reachNext;
    private int _reachCount;
    private int _lookups;
    private int _lookupsInReach;

    /// <summary>Generations of a fixed capacity.</summary>
    public RecentRows(int capacity)
        : this(capacity, capacity)
    {
    }

    /// <summary>Generations of <paramref name="capacity"/> rows, or of <paramref name="leastCapacity"/> while rows rarely come back.</summary>
    public RecentRows(int capacity, int leastCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(leastCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(leastCapacity, capacity);
        _fullCapacity = capacity;
        _leastCapacity = leastCapacity;
        Capacity = capacity;
        _reach = leastCapacity < capacity ? new uint[Math.Max(1, (2 * capacity) >> SampleBits)] : null;
    }

    /// <summary>The most rows a generation holds now.</summary>
    public int Capacity { get; private set; }

    /// <summary>The rows held (a row in both generations counts twice).</summary>
    public int Count => _current.Count + _previous.Count;

    /// <summary>A row's partials as last prepared, or null when the row was not prepared lately.</summary>
    public RowPartials? Find(byte[] rowKey)
    {
        var found = _current.TryGetValue(rowKey, out var partials) || _previous.TryGetValue(rowKey, out partials);
        if (_reach is not null && Sampled(rowKey, out var hash))
        {
            _lookups++;
            _lookupsInReach += found || _inReach.ContainsKey(hash) ? 1 : 0;
        }

        return found ? partials : null;
    }

    /// <summary>Records a batch's rows as prepared: the newest value of each.</summary>
    public void Add(IReadOnlyDictionary<byte[], RowPartials> rows)
    {
        if (_reach is not null && _lookups >= LookupsPerDecision)
        {
            Capacity = _lookupsInReach * 10 >= _lookups ? _fullCapacity : _leastCapacity;
            _lookups = 0;
            _lookupsInReach = 0;
        }

        if (_current.Count >= Capacity)
        {
            (_previous, _current) = (_current, _previous);
            _current.Clear();
            if (Capacity < _fullCapacity && _current.EnsureCapacity(0) > 2 * Capacity)
            {
                // Shrunk: the emptied generation does not keep a table of the full size.
                _current.TrimExcess(Capacity);
            }
        }

        foreach (var (rowKey, partials) in rows)
        {
            _current[rowKey] = partials;
            Remember(rowKey);
        }
    }

    private void Remember(byte[] rowKey)
    {
        if (_reach is null || !Sampled(rowKey, out var hash))
        {
            return;
        }

        if (_reachCount == _reach.Length)
        {
            ref var occurrences = ref CollectionsMarshal.GetValueRefOrNullRef(_inReach, _reach[_reachNext]);
            if (--occurrences == 0)
            {
                _inReach.Remove(_reach[_reachNext]);
            }
        }
        else
        {
            _reachCount++;
        }

        _reach[_reachNext] = hash;
        _reachNext = (_reachNext + 1) % _reach.Length;
        CollectionsMarshal.GetValueRefOrAddDefault(_inReach, hash, out _)++;
    }

    /// <summary>Whether the row is in the sample (see the class summary), with its hash.</summary>
    private static bool Sampled(byte[] rowKey, out uint hash)
    {
        // FNV-1a's top bits depend on every bit of the key; its low bits only on the keys' low bits.
        hash = Fnv1a.Hash(rowKey);
        return hash >> (32 - SampleBits) == 0;
    }
}
