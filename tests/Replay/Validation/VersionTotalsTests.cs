using System.Text;
using System.Text.Json;
using Kappa.Contracts;
using Kappa.Contracts.Views;
using Kappa.Replay.Validation;
using Kappa.TestKit;
using Kappa.Views.Store;
using Xunit;

namespace Kappa.Replay.Tests.Validation;

public sealed class VersionTotalsTests : IDisposable
{
    private readonly TempDirectory _dir = new("totals");
    private readonly ViewStore _store;

    public VersionTotalsTests() => _store = ViewStore.Open(_dir.Path);

    [Fact]
    public void Totals_sum_the_numbers_that_fit_a_decimal_and_leave_out_every_other_value()
    {
        // Rows as views render them: counts, exact and approximate numbers, text, top-N arrays, nulls, a number beyond
        // decimal, and a column that only some rows have; escaped names too.
        string[] values =
        [
            """{"n":3,"total":10.5,"top":[1,2],"last":"x","caf\u00e9":1}""",
            """{"n":2,"total":-0.25,"top":[],"last":null,"café":2,"rare":1e2}""",
            """{"n":1,"total":1e40,"top":[{"a":1}],"last":{"nested":4}}""",
            """{"n":0,"only_text":"7"}""",
        ];
        var rows = values.Select((json, i) => new RowUpsert(
            RowKey.Encode(Encoding.UTF8.GetBytes($"k{i}"), 0),
            Encoding.UTF8.GetBytes($$"""{"key":"k{{i}}","window_start":"1970-01-01T00:00:00+00:00","window_end":"1970-01-01T01:00:00+00:00","values":{{json}}}""")));
        _store.Apply("v", 1, [.. rows], new Dictionary<int, long>());

        var totals = VersionTotals.Measure(_store, "v", 1);

        Assert.Equal(4, totals.Rows);
        Assert.Equal(Oracle(values), totals.Totals.OrderBy(t => t.Key, StringComparer.Ordinal));
        Assert.Equal(new Dictionary<string, decimal> { ["n"] = 6, ["total"] = 10.25m, ["café"] = 3, ["rare"] = 100 }, totals.Totals);
    }

    [Fact]
    public void Totals_count_every_row_of_a_version_that_spans_several_pages()
    {
        // More rows than a page of the scan (10,000), and a last page that is not full.
        const int count = 25_001;
        var rows = Enumerable.Range(0, count).Select(i => new RowUpsert(
            RowKey.Encode(Encoding.UTF8.GetBytes($"k{i:D6}"), 0),
            Encoding.UTF8.GetBytes($$"""{"key":"k{{i}}","values":{"n":1,"total":{{i}}""" + "}}")));
        _store.Apply("v", 1, [.. rows], new Dictionary<int, long>());

        var totals = VersionTotals.Measure(_store, "v", 1);

        Assert.Equal(count, totals.Rows);
        Assert.Equal(new Dictionary<string, decimal> { ["n"] = count, ["total"] = (decimal)count * (count - 1) / 2 }, totals.Totals);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    /// <summary>The totals as the rows deserialized whole give them.</summary>
    private static IEnumerable<KeyValuePair<string, decimal>> Oracle(IEnumerable<string> values)
    {
        var totals = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var json in values)
        {
            var row = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json, KappaJson.Options)!;
            foreach (var (column, value) in row)
            {
                if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
                {
                    totals[column] = totals.GetValueOrDefault(column) + number;
                }
            }
        }

        return totals.OrderBy(t => t.Key, StringComparer.Ordinal);
    }
}
