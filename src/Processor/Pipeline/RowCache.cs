using Kappa.Storage;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// The write-back cache in front of a task's RocksDB: the latest state of each row in memory, marked dirty
/// when it changes and written in one batch at the next commit. Invariant: a row's cached state is its newest;
/// RocksDB holds the same once the row is clean. Probing by span allocates nothing; a row key is copied once,
/// when the row enters the cache.
/// </summary>
internal sealed class RowCache
{
    private readonly Dictionary<byte[], RowState> _rows = new(ByteArrayComparer.Instance);
    private readonly Dictionary<byte[], RowState>.AlternateLookup<ReadOnlySpan<byte>> _bySpan;
    private readonly List<(byte[] Key, RowState Row)> _dirty = [];
    private int _retiredDirty;

    public RowCache() => _bySpan = _rows.GetAlternateLookup<ReadOnlySpan<byte>>();

    public int Count => _rows.Count;

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

    public bool TryGet(ReadOnlySpan<byte> rowKey, out RowState row) => _bySpan.TryGetValue(rowKey, out row!);

    /// <summary>Finds a row and the key array the cache keeps for it.</summary>
    public bool TryGet(ReadOnlySpan<byte> rowKey, out byte[] key, out RowState row) => _bySpan.TryGetValue(rowKey, out key!, out row!);

    /// <summary>Adds a row loaded from RocksDB or newly created; returns the key array the cache keeps.</summary>
    public byte[] Add(ReadOnlySpan<byte> rowKey, RowState row)
    {
        var key = rowKey.ToArray();
        _rows.Add(key, row);
        return key;
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

    public void Remove(byte[] rowKey) => _rows.Remove(rowKey);

    /// <summary>
    /// Drops a row a session merge absorbed: it leaves the cache now and the dirty rows before the next commit
    /// reads them, so it is never written; deleting what RocksDB holds of it is the caller's business.
    /// </summary>
    public void Retire(ReadOnlySpan<byte> rowKey, RowState row)
    {
        _bySpan.Remove(rowKey);
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
        foreach (var (key, row) in _rows)
        {
            if (!row.Dirty)
            {
                _rows.Remove(key);
            }
        }
    }
}
