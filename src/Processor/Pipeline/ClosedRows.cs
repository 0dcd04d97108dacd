using Kappa.Storage;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// The rows one commit closes: their keys and window ends in the order they were found, and a set of the keys,
/// so asking whether a dirty row is among them costs a hash probe rather than a scan (a commit at an hour
/// boundary closes and dirties tens of thousands of rows at once). Invariant: each key is held once.
/// </summary>
internal sealed class ClosedRows
{
    private readonly List<(byte[] Key, long End)> _rows = [];
    private readonly HashSet<byte[]> _keys = new(ByteArrayComparer.Instance);

    public IReadOnlyList<(byte[] Key, long End)> Rows => _rows;

    public int Count => _rows.Count;

    /// <summary>Adds a row unless it is already held; returns whether it was added.</summary>
    public bool Add(byte[] key, long end)
    {
        if (!_keys.Add(key))
        {
            return false;
        }

        _rows.Add((key, end));
        return true;
    }

    public bool Contains(byte[] key) => _keys.Contains(key);

    public void Clear()
    {
        _rows.Clear();
        _keys.Clear();
    }
}
