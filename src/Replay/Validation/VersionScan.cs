using Kappa.Views.Store;

namespace Kappa.Replay.Validation;

/// <summary>Every row of a version in row-key order, read page by page so memory stays bounded.</summary>
internal static class VersionScan
{
    private const int PageSize = 10_000;

    public static IEnumerable<(byte[] RowKey, byte[] Json)> Rows(ViewStore store, string view, int version)
    {
        byte[]? after = null;
        while (true)
        {
            var page = store.Scan(view, version, [], after, PageSize);
            foreach (var row in page)
            {
                yield return row;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            after = page[^1].RowKey;
        }
    }
}
