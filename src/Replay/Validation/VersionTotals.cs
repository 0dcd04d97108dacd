using System.Text.Json;
using Kappa.Contracts;
using Kappa.Contracts.Views;
using Kappa.Views.Store;

namespace Kappa.Replay.Validation;

/// <summary>A version's row count and the total of each numeric column over all rows, exact (decimal).</summary>
/// <param name="Rows">The number of rows.</param>
/// <param name="Totals">Column name to the sum of its numeric values.</param>
internal sealed record VersionTotals(long Rows, IReadOnlyDictionary<string, decimal> Totals)
{
    public static VersionTotals Measure(ViewStore store, string view, int version)
    {
        long rows = 0;
        var totals = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (_, json) in VersionScan.Rows(store, view, version))
        {
            rows++;
            var row = JsonSerializer.Deserialize<ViewRow>(json, KappaJson.Options)!;
            foreach (var (column, value) in row.Values)
            {
                if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
                {
                    totals[column] = totals.GetValueOrDefault(column) + number;
                }
            }
        }

        return new VersionTotals(rows, totals);
    }
}
