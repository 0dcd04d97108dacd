using Kappa.Storage;

namespace Kappa.Views.Store;

/// <summary>
/// The partials of the rows one materializer shard prepared lately, as it wrote them (or is writing them), so a row
/// changed again soon is not sought in the store: in a replay a row's changes come close together (its window is
/// the current one), and a seek costs more than everything else the materializer does for the row.
/// <para>
/// Invariant: what it holds for a row is the row's partials once every batch prepared so far is written, because
/// only this shard writes its rows and it writes them in the order it prepared them. It keeps two generations of
/// at most <c>capacity</c> rows each, and turns over only between batches, so the last batch's rows are always
/// here and an older value of a row is never found before a newer one.
/// </para>
/// Used by one thread at a time.
/// </summary>
internal sealed class RecentRows(int capacity)
{
    private Dictionary<byte[], RowPartials> _current = new(ByteArrayComparer.Instance);
    private Dictionary<byte[], RowPartials> _previous = new(ByteArrayComparer.Instance);

    /// <summary>The rows held (a row in both generations counts twice).</summary>
    public int Count => _current.Count + _previous.Count;

    /// <summary>A row's partials as last prepared, or null when the row was not prepared lately.</summary>
    public RowPartials? Find(byte[] rowKey) =>
        _current.TryGetValue(rowKey, out var partials) || _previous.TryGetValue(rowKey, out partials) ? partials : null;

    /// <summary>Records a batch's rows as prepared: the newest value of each.</summary>
    public void Add(IReadOnlyDictionary<byte[], RowPartials> rows)
    {
        if (_current.Count >= capacity)
        {
            (_previous, _current) = (_current, _previous);
            _current.Clear();
        }

        foreach (var (rowKey, partials) in rows)
        {
            _current[rowKey] = partials;
        }
    }
}
