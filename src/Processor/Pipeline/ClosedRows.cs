using Kappa.Storage;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// The rows one commit closes: their keys and window ends in the order they were found, and a set of the keys,
/// so asking whether a dirty row is among them costs a hash probe rather than a scan (a commit at an hour
/// boundary closes and dirties tens of thousands of rows at once); and apart, those of them the task's store holds,
/// which are the only ones the commit deletes. Invariant: each key is held once.
/// </summary>
internal sealed class ClosedRows
{
    private readonly List<(byte[] Key, long End)> _rows = [];
    private readonly List<(byte[] Key, long End)> _stored = [];
    private readonly HashSet<byte[]> _keys = new(ByteArrayComparer.Instance);

    public IReadOnlyList<(byte[] Key, long End)> Rows => _rows;

    /// <summary>
    /// The rows of <see cref="Rows"/> that the store holds. The others opened and closed since the last commit, so
    /// the store has neither them nor their close-index entries: deleting them would only write tombstones. A task
    /// catching up over short windows closes most of its rows so.
    /// </summary>
    public IReadOnlyList<(byte[] Key, long End)> Stored => _stored;

    public int Count => _rows.Count;

    /// <summary>Adds a row unless it is already held; returns whether it was added.</summary>
    /// <param name="key">The row key.</param>
    /// <param name="end">Its window's end.</param>
    /// <param name="stored">Whether the store holds the row (and its close-index entry).</param>
    public bool Add(byte[] key, long end, bool stored)
    {
        if (!_keys.Add(key))
        {
            return false;
        }

        _rows.Add((key, end));
        if (stored)
        {
            _stored.Add((key, end));
        }

        return true;
    }

    public bool Contains(byte[] key) => _keys.Contains(key);

    public void Clear()
    {
        _rows.Clear();
        _stored.Clear();
        _keys.Clear();
    }
}
