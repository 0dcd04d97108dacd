using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Kappa.Storage;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// The write-back cache in front of a task's RocksDB: the latest state of each row in memory, marked dirty
/// when it changes and written in one batch at the next commit. Invariant: a row's cached state is its newest;
/// RocksDB holds the same once the row is clean. Probing by span allocates nothing; a row key is copied once,
/// when the row enters the cache, and the row keeps it (<see cref="RowState.Key"/>).
/// <para>
/// Every event looks its rows up here, and a replay's tasks hold far more rows than any CPU cache holds, so each lookup
/// waits on memory. The table is open-addressed (linear probing) over slots of a key's hash and the row's index in an
/// array of rows, so that a task can ask for a row's slot and then the row to be fetched ahead of the record that needs
/// them (<see cref="PrefetchSlot"/>, <see cref="PrefetchRow"/>), while it processes the records before. Deleting shifts
/// the probe sequence back, so there are no tombstones. The slots hold no references: rows inserted all over a table
/// of references would mark the whole table for every young collection to scan. The row array is filled in order, or
/// at the indices of removed rows (mostly those a commit closed, which were made together), so new rows mark few of its
/// cards.
/// </para>
/// </summary>
internal sealed class RowCache
{
    private const int InitialCapacity = 1 << 10;

    private readonly List<(byte[] Key, RowState Row)> _dirty = [];
    private Slot[] _slots = NewSlots(InitialCapacity);
    private RowState?[] _rows = new RowState?[InitialCapacity];
    private int _rowsUsed;
    private readonly Stack<int> _freeRows = new();
    private int _retiredDirty;

    public int Count { get; private set; }

    /// <summary>
    /// Whether every row RocksDB holds is also in this cache, so that a miss is a row never written and need
    /// not be looked up. The task sets it when it starts on a store without rows; it holds because rows reach
    /// RocksDB only from this cache's dirty rows and leave the cache only when closed or retired (deleted from
    /// RocksDB in the commit that follows, and never looked up again), until <see cref="EvictClean"/> drops rows that RocksDB keeps, which clears it for good.
    /// </summary>
    public bool HoldsEveryStoredRow { get; set; }

    /// <summary>The rows changed since the last commit, in the order they first changed; never a retired row.</summary>
    public IReadOnlyList<(byte[] Key, RowState Row)> Dirty
    {
        get
        {
            // Retired rows leave the list here, in one pass per commit, not one scan per merge.
            if (_retiredDirty > 0)
            {
                _dirty.RemoveAll(static entry => entry.Row.Retired);
                _retiredDirty = 0;
            }

            return _dirty;
        }
    }

    /// <summary>How many rows changed since the last commit (retired ones included until the next commit).</summary>
    public int DirtyCount => _dirty.Count;

    /// <summary>The hash the cache places a row key by.</summary>
    public static int HashOf(ReadOnlySpan<byte> rowKey) => ByteArrayComparer.Instance.GetHashCode(rowKey);

    public bool TryGet(ReadOnlySpan<byte> rowKey, out RowState row) => TryGet(rowKey, out _, out row);

    /// <summary>Finds a row and the key array the cache keeps for it.</summary>
    public bool TryGet(ReadOnlySpan<byte> rowKey, out byte[] key, out RowState row) => TryGet(rowKey, HashOf(rowKey), out key, out row);

    /// <summary>Finds a row whose key's <see cref="HashOf"/> is known already, and the key array the cache keeps for it.</summary>
    public bool TryGet(ReadOnlySpan<byte> rowKey, int hash, out byte[] key, out RowState row)
    {
        var at = Find(rowKey, hash);
        if (at < 0)
        {
            (key, row) = (null!, null!);
            return false;
        }

        row = _rows[_slots[at].Row]!;
        key = row.Key;
        return true;
    }

    /// <summary>Adds a row loaded from RocksDB or newly created; returns the key array the cache keeps.</summary>
    /// <exception cref="ArgumentException">The cache holds a row of that key already.</exception>
    public byte[] Add(ReadOnlySpan<byte> rowKey, RowState row) => AddHashed(rowKey, HashOf(rowKey), row);

    /// <summary>
    /// Adds a row whose key's <see cref="HashOf"/> is known already; returns the key array the cache keeps. The hash is
    /// checked, once per row: a lookup with a wrong hash misses and adds the row again, so a wrong hash fails here
    /// rather than leaving a row the cache cannot find.
    /// </summary>
    /// <exception cref="ArgumentException">The cache holds a row of that key already, or the hash is not the key's.</exception>
    public byte[] Add(ReadOnlySpan<byte> rowKey, int hash, RowState row)
    {
        if (hash != HashOf(rowKey))
        {
            throw new ArgumentException("the hash given is not the row key's", nameof(hash));
        }

        return AddHashed(rowKey, hash, row);
    }

    private byte[] AddHashed(ReadOnlySpan<byte> rowKey, int hash, RowState row)
    {
        if (Find(rowKey, hash) >= 0)
        {
            throw new ArgumentException("the cache holds a row of that key already", nameof(rowKey));
        }

        if ((Count + 1) * 10 > _slots.Length * 7)
        {
            Resize(_slots.Length * 2);
        }

        // The key is allocated right after the row (the caller just made or read it), so compacting collections keep
        // the two together and a probe's key comparison finds the key's bytes beside the row's.
        row.Key = rowKey.ToArray();
        if (!_freeRows.TryPop(out var index))
        {
            if (_rowsUsed == _rows.Length)
            {
                Array.Resize(ref _rows, _rows.Length * 2);
            }

            index = _rowsUsed++;
        }

        _rows[index] = row;
        Insert(index, hash);
        Count++;
        return row.Key;
    }

    /// <summary>Asks the CPU to fetch the first slot a lookup of <paramref name="hash"/> reads; a hint, never a wait.</summary>
    public void PrefetchSlot(int hash)
    {
        if (Sse.IsSupported)
        {
            var slots = _slots;
            Fetch(ref Unsafe.As<Slot, byte>(ref slots[hash & (slots.Length - 1)]));
        }
    }

    /// <summary>
    /// Asks the CPU to fetch the row a lookup of <paramref name="hash"/> would most likely find (the first of its probe
    /// sequence with that hash) and the memory around it, where its states were allocated just before it. Reads the
    /// slots, which <see cref="PrefetchSlot"/> should have fetched, and the row's entry in the row array (recent rows'
    /// entries are close together); never reads the row.
    /// </summary>
    public unsafe void PrefetchRow(int hash)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        var slots = _slots;
        var mask = slots.Length - 1;
        for (var at = hash & mask; slots[at].Row >= 0; at = (at + 1) & mask)
        {
            if (slots[at].Hash == hash && _rows[slots[at].Row] is { } row)
            {
                // The reference is the object's address; reading it touches no memory of the row's.
                var address = (byte*)Unsafe.As<RowState, nint>(ref row);
                Sse.Prefetch0(address - 128);
                Sse.Prefetch0(address - 64);
                Sse.Prefetch0(address);
                Sse.Prefetch0(address + 64);
                return;
            }
        }
    }

    public void MarkDirty(byte[] key, RowState row)
    {
        if (row.Dirty)
        {
            return;
        }

        row.Dirty = true;
        _dirty.Add((key, row));
    }

    /// <summary>Marks every dirty row clean: they were just written.</summary>
    public void ClearDirty()
    {
        foreach (var (_, row) in _dirty)
        {
            row.Dirty = false;
        }

        _dirty.Clear();
        _retiredDirty = 0;
    }

    public void Remove(ReadOnlySpan<byte> rowKey)
    {
        var at = Find(rowKey, HashOf(rowKey));
        if (at >= 0)
        {
            RemoveAt(at);
        }
    }

    /// <summary>
    /// Drops a row a session merge absorbed: it leaves the cache now and the dirty rows before the next commit
    /// reads them, so it is never written; deleting what RocksDB holds of it is the caller's business.
    /// </summary>
    public void Retire(ReadOnlySpan<byte> rowKey, RowState row)
    {
        Remove(rowKey);
        row.Retired = true;
        if (row.Dirty)
        {
            _retiredDirty++;
        }
    }

    /// <summary>Drops every clean row; dirty rows stay, as they are not yet in RocksDB.</summary>
    public void EvictClean()
    {
        HoldsEveryStoredRow = false;
        var kept = new List<(RowState Row, int Hash)>();
        foreach (var slot in _slots)
        {
            if (slot.Row >= 0 && _rows[slot.Row] is { Dirty: true } row)
            {
                kept.Add((row, slot.Hash));
            }
        }

        var capacity = InitialCapacity;
        while (kept.Count * 10 > capacity * 7)
        {
            capacity *= 2;
        }

        _slots = NewSlots(capacity);
        _rows = new RowState?[capacity];
        _freeRows.Clear();
        for (var i = 0; i < kept.Count; i++)
        {
            _rows[i] = kept[i].Row;
            Insert(i, kept[i].Hash);
        }

        _rowsUsed = kept.Count;
        Count = kept.Count;
    }

    private static unsafe void Fetch(ref byte at) => Sse.Prefetch0(Unsafe.AsPointer(ref at));

    /// <summary>The slot of the row with this key, or -1. The probe stops at the first empty slot.</summary>
    private int Find(ReadOnlySpan<byte> rowKey, int hash)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        for (var at = hash & mask; ; at = (at + 1) & mask)
        {
            ref readonly var slot = ref slots[at];
            if (slot.Row < 0)
            {
                return -1;
            }

            if (slot.Hash == hash && rowKey.SequenceEqual(_rows[slot.Row]!.Key))
            {
                return at;
            }
        }
    }

    /// <summary>A table of empty slots.</summary>
    private static Slot[] NewSlots(int capacity)
    {
        var slots = new Slot[capacity];
        slots.AsSpan().Fill(Slot.Empty);
        return slots;
    }

    /// <summary>Puts the row at <paramref name="index"/>, known to be absent, into the first empty slot of its probe sequence; the table has room.</summary>
    private void Insert(int index, int hash)
    {
        var mask = _slots.Length - 1;
        var at = hash & mask;
        while (_slots[at].Row >= 0)
        {
            at = (at + 1) & mask;
        }

        _slots[at] = new Slot(hash, index);
    }

    /// <summary>
    /// Empties a slot, then moves back each row after it, up to the next empty slot, whose probe would otherwise pass
    /// the hole: a row moves when its home slot is not cyclically within (hole, its slot].
    /// </summary>
    private void RemoveAt(int hole)
    {
        var removed = _slots[hole].Row;
        _rows[removed] = null;
        _freeRows.Push(removed);
        var mask = _slots.Length - 1;
        for (var at = (hole + 1) & mask; _slots[at].Row >= 0; at = (at + 1) & mask)
        {
            var home = _slots[at].Hash & mask;
            var reachesHole = hole <= at ? home <= hole || home > at : home <= hole && home > at;
            if (reachesHole)
            {
                _slots[hole] = _slots[at];
                hole = at;
            }
        }

        _slots[hole] = Slot.Empty;
        Count--;
    }

    private void Resize(int capacity)
    {
        var old = _slots;
        _slots = NewSlots(capacity);
        foreach (var slot in old)
        {
            if (slot.Row >= 0)
            {
                Insert(slot.Row, slot.Hash);
            }
        }
    }

    /// <summary>A key's hash, which a probe compares before it reads the row, and the row's index in the row array; -1 when empty.</summary>
    private readonly record struct Slot(int Hash, int Row)
    {
        public static Slot Empty { get; } = new(0, -1);
    }
}
