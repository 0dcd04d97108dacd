using Kappa.Contracts.Definitions;
using Xunit;

namespace Kappa.Contracts.Tests.Definitions;

public sealed class GatesReaderTests
{
    private const string View = """
        view: sales
        source: orders
        window: { tumbling: 1h }
        aggregates: { n: count(), revenue: sum(amount) }

        """;

    [Fact]
    public void Without_a_gates_section_the_defaults_apply()
    {
        var spec = ViewDefinitionLoader.Parse(View, "v.yaml")[0];

        Assert.Equal(GateSpec.Default, spec.Gates);
        Assert.Equal(0.10, spec.Gates.RowTolerance);
        Assert.Null(spec.Gates.Totals);
        Assert.Equal(0, spec.Gates.MaxDeadLetters);
    }

    [Fact]
    public void Every_entry_is_read()
    {
        var spec = ViewDefinitionLoader.Parse(View + """
            gates:
              rows: off
              totals: { n: exact, revenue: 0.5% }
              dead-letters: 12
              checks: [ "rows > 0", "total_n == old_total_n" ]
            """, "v.yaml")[0];

        Assert.Null(spec.Gates.RowTolerance);
        Assert.Equal(new Dictionary<string, double> { ["n"] = 0, ["revenue"] = 0.005 }, spec.Gates.Totals);
        Assert.Equal(12, spec.Gates.MaxDeadLetters);
        Assert.Equal(["rows > 0", "total_n == old_total_n"], spec.Gates.Checks);
    }

    [Theory]
    [InlineData("gates: { rows: lots }", "v.yaml:5:16: 'rows' must be 'exact', a percentage like 5% or 'off', found 'lots'")]
    [InlineData("gates: { dead-letters: -1 }", "v.yaml:5:24: 'dead-letters' must be a whole number of records, found '-1'")]
    [InlineData("gates: { totals: [n] }", "v.yaml:5:18: 'totals' must map aggregate columns to tolerances, found a list")]
    [InlineData("gates: { speed: 1 }", "v.yaml:5:10: unknown key 'speed' in gates")]
    public void Bad_gates_are_reported_where_they_are(string gates, string expected)
    {
        var e = Assert.Throws<ViewDefinitionException>(() => ViewDefinitionLoader.Parse(View + gates, "v.yaml"));

        Assert.Contains(e.Errors, error => error.ToString().StartsWith(expected, StringComparison.Ordinal));
    }
}
