using Kappa.Views.Store;

namespace Kappa.Replay.Validation;

/// <summary>Every row of a version in row-key order, read page by page so memory stays bounded.</summary>
internal static class VersionScan
{
    private const int PageSize = 10_000;

    /// <summary>
    /// Every row of a version, copied. Read like <see cref="Visit"/>: past the block cache, which stays with the point
    /// queries.
    /// </summary>
    public static IEnumerable<(byte[] RowKey, byte[] Json)> Rows(ViewStore store, string view, int version)
    {
        var page = new List<(byte[] RowKey, byte[] Json)>(PageSize);
        byte[]? after = null;
        do
        {
            page.Clear();
            after = store.VisitRows(view, version, after, PageSize, (rowKey, json) => page.Add((rowKey.ToArray(), json.ToArray())));
            foreach (var row in page)
            {
                yield return row;
            }
        }
        while (after is not null);
    }

    /// <summary>
    /// Shows every row of a version to <paramref name="visitor"/>, not copied (see <see cref="ViewStore.VisitRows"/>):
    /// for a pass over a whole version that keeps nothing of a row, such as the gates' totals.
    /// </summary>
    public static void Visit(ViewStore store, string view, int version, RowVisitor visitor)
    {
        byte[]? after = null;
        do
        {
            after = store.VisitRows(view, version, after, PageSize, visitor);
        }
        while (after is not null);
    }
}
