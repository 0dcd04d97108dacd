using System.Text;
using System.Text.Json;
using Kappa.Views.Store;

namespace Kappa.Replay.Validation;

/// <summary>A version's row count and the total of each numeric column over all rows, exact (decimal).</summary>
/// <param name="Rows">The number of rows.</param>
/// <param name="Totals">Column name to the sum of its numeric values.</param>
internal sealed record VersionTotals(long Rows, IReadOnlyDictionary<string, decimal> Totals)
{
    /// <summary>
    /// Scans every row of the version. A column's total sums the values that are JSON numbers and fit a decimal; other
    /// values (text, arrays such as top-N, objects, numbers beyond decimal) are left out. The rows are read with a
    /// forward-only reader, not deserialized: the gates of a replay scan two versions whole, a million rows each and
    /// more, and a row object per row made the scans most of the time between caught up and ready. Nor are they copied
    /// out of the store.
    /// </summary>
    public static VersionTotals Measure(ViewStore store, string view, int version)
    {
        long rows = 0;
        var columns = new List<Column>();
        VersionScan.Visit(store, view, version, (_, json) =>
        {
            rows++;
            AddValues(json, columns);
        });

        return new VersionTotals(rows, columns.Where(c => c.Numbers > 0).ToDictionary(c => c.Name, c => c.Total, StringComparer.Ordinal));
    }

    /// <summary>Adds the numeric members of the row's <c>values</c> object to their columns' totals.</summary>
    private static void AddValues(ReadOnlySpan<byte> json, List<Column> columns)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isValues = reader.ValueTextEquals("values"u8);
            reader.Read();
            if (!isValues || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var column = ColumnOf(ref reader, columns);
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var number))
                {
                    column.Total += number;
                    column.Numbers++;
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }

    private static Column ColumnOf(ref Utf8JsonReader reader, List<Column> columns)
    {
        foreach (var column in columns)
        {
            if (reader.ValueTextEquals(column.Utf8))
            {
                return column;
            }
        }

        var name = reader.GetString()!;
        var added = new Column(name, Encoding.UTF8.GetBytes(name));
        columns.Add(added);
        return added;
    }

    /// <summary>A column seen in the rows, its name also as UTF-8 to match property names without decoding them.</summary>
    private sealed class Column(string name, byte[] utf8)
    {
        public string Name { get; } = name;

        public byte[] Utf8 { get; } = utf8;

        public decimal Total { get; set; }

        /// <summary>How many rows had a number here: a column never numeric has no total, as before.</summary>
        public long Numbers { get; set; }
    }
}
