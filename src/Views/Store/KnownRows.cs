namespace Kappa.Views.Store;

/// <summary>
/// The rows one materializer shard has partials for, when the shard can know them all: it started on a shard with
/// nothing applied (as every replay does), and every row it wrote since is here. A row that is not here then has no
/// partials and no row, so the store need not look it up: in a replay most changelog records are a row's first.
/// Holds 32-bit hashes of row keys, so a hash collision only costs a lookup. Past <c>capacity</c> rows it stops
/// knowing (every row is looked up from then on), which bounds its memory to about 32 bytes a row.
/// Used by one thread at a time.
/// </summary>
internal sealed class KnownRows(int capacity)
{
    private HashSet<uint>? _rows = [];

    /// <summary>Whether the row may have partials; false means it certainly has none.</summary>
    public bool MayHave(ReadOnlySpan<byte> rowKey) => _rows is null || _rows.Contains(Fnv1a.Hash(rowKey));

    /// <summary>Records rows that now have partials.</summary>
    public void Add(IEnumerable<byte[]> rowKeys)
    {
        foreach (var rowKey in rowKeys)
        {
            if (_rows is null)
            {
                return;
            }

            _rows.Add(Fnv1a.Hash(rowKey));
            if (_rows.Count > capacity)
            {
                _rows = null;
            }
        }
    }
}
