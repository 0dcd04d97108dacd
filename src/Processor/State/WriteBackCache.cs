using System.Runtime.InteropServices;
using Kappa.Storage;

namespace Kappa.Processor.State;

/// <summary>
/// The latest aggregate per row, in memory, in front of the task's RocksDB state. Updates mark a row dirty;
/// <see cref="DrainDirty"/> hands the dirty rows to the commit, which writes them in one batch.
/// Invariant: for every row, the cached value is the newest; RocksDB holds it too once the row is clean.
/// Probing by span allocates nothing; a row's key is copied once, when it first enters the cache.
/// </summary>
internal sealed class WriteBackCache
{
    private readonly Dictionary<byte[], Entry> _entries = new(ByteArrayComparer.Instance);
    private readonly Dictionary<byte[], Entry>.AlternateLookup<ReadOnlySpan<byte>> _bySpan;
    private readonly List<byte[]> _dirty = [];

    public WriteBackCache() => _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();

    public int Count => _entries.Count;

    public int DirtyCount => _dirty.Count;

    /// <summary>
    /// Adds <paramref name="delta"/> to the row, loading its stored value through <paramref name="load"/>
    /// on a miss, and marks it dirty.
    /// </summary>
    public void Add(ReadOnlySpan<byte> rowKey, long delta, StoredValueLoader load)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_bySpan, rowKey, out var exists);
        if (!exists)
        {
            // The loader reads RocksDB only; it cannot modify this dictionary, so the ref stays valid.
            entry.Value = load(rowKey);
        }

        if (!entry.Dirty)
        {
            entry.Dirty = true;
            _bySpan.TryGetValue(rowKey, out var key, out _);
            _dirty.Add(key!);
        }

        entry.Value += delta;
    }

    /// <summary>Calls <paramref name="visit"/> for every dirty row in first-dirtied order, then marks all clean.</summary>
    public void DrainDirty(Action<byte[], long> visit)
    {
        foreach (var key in _dirty)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, key);
            visit(key, entry.Value);
            entry.Dirty = false;
        }

        _dirty.Clear();
    }

    /// <summary>Drops every clean row; dirty rows stay, as they are not yet in RocksDB.</summary>
    public void EvictClean()
    {
        if (_dirty.Count == 0)
        {
            _entries.Clear();
            return;
        }

        foreach (var pair in _entries)
        {
            if (!pair.Value.Dirty)
            {
                _entries.Remove(pair.Key);
            }
        }
    }

    private struct Entry
    {
        public long Value;
        public bool Dirty;
    }
}

/// <summary>Reads a row's stored value; 0 when the row is not stored.</summary>
internal delegate long StoredValueLoader(ReadOnlySpan<byte> rowKey);
