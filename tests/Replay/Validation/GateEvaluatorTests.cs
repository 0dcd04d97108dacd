using Kappa.Contracts.Queries;
using Kappa.Processor.Pipeline;
using Kappa.Replay.Validation;
using Kappa.TestKit;
using Kappa.Views.Store;
using Xunit;

namespace Kappa.Replay.Tests.Validation;

public sealed class GateEvaluatorTests : IDisposable
{
    private const string Base = """
        view: sales
        source: orders
        key: [customer]
        window: { tumbling: 1h }
        aggregates: { orders: count(), total: sum(amount), biggest: max(amount) }
        """;

    private static readonly RecordCounters Clean = new(10, 10, 0, 0, 0);
    private readonly TempDirectory _dir = new("gates");
    private readonly ViewStore _store;

    public GateEvaluatorTests() => _store = ViewStore.Open(_dir.Path);

    [Fact]
    public void By_default_rows_within_10_percent_and_count_and_sum_totals_within_1_percent_pass()
    {
        StoreRows.Write(_store, 1, [.. Enumerable.Range(0, 20).Select(i => ($"c{i}", 0, 10L, 100m))]);
        StoreRows.Write(_store, 2, [.. Enumerable.Range(0, 19).Select(i => ($"c{i}", 0, 10L, 105m)), ("c19", 0, 10L, 5m)]);

        var report = Evaluate(Base, Clean);

        Assert.True(report.Passed, string.Join("; ", report.Checks));
        Assert.Equal(["rows", "total(orders)", "total(total)", "dead_letters"], report.Checks.Select(c => c.Name));
        Assert.Equal(1, report.ComparedWith);
    }

    [Fact]
    public void A_row_count_or_total_beyond_tolerance_and_any_dead_letter_fail_with_the_numbers()
    {
        StoreRows.Write(_store, 1, [.. Enumerable.Range(0, 20).Select(i => ($"c{i}", 0, 10L, 100m))]);
        StoreRows.Write(_store, 2, [.. Enumerable.Range(0, 10).Select(i => ($"c{i}", 0, 20L, 100m))]);

        var report = Evaluate(Base, Clean with { DeadLettered = 1, In = 11 });

        Assert.False(report.Passed);
        var byName = report.Checks.ToDictionary(c => c.Name);
        Assert.False(byName["rows"].Passed);
        Assert.Contains("10 vs 20", byName["rows"].Detail, StringComparison.Ordinal);
        Assert.True(byName["total(orders)"].Passed);
        Assert.False(byName["total(total)"].Passed);
        Assert.False(byName["dead_letters"].Passed);
    }

    [Fact]
    public void Stated_gates_and_user_checks_are_judged_by_the_filter_language()
    {
        StoreRows.Write(_store, 1, ("a", 0, 10, 100m), ("b", 0, 10, 100m));
        StoreRows.Write(_store, 2, ("a", 0, 12, 100m));
        var definition = Base + """

            gates:
              rows: off
              totals: { total: 60% }
              dead-letters: 2
              checks: [ "rows > 0", "total_orders < old_total_orders", "total_total == old_total_total", "nonsense > 1" ]
            """;

        var report = Evaluate(definition, Clean with { DeadLettered = 2, In = 12 });

        Assert.Equal(
            [("total(total)", true), ("dead_letters", true), ("rows > 0", true), ("total_orders < old_total_orders", true), ("total_total == old_total_total", false), ("nonsense > 1", false)],
            report.Checks.Select(c => (c.Name, c.Passed)));
        Assert.Contains("unknown variable nonsense", report.Checks[^1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_active_version_the_comparisons_pass_and_say_why()
    {
        StoreRows.Write(_store, 2, ("a", 0, 1, 1m));
        var view = ViewCompiler.CompileText(Base, "test")[0];

        var report = GateEvaluator.Evaluate(view, VersionTotals.Measure(_store, "sales", 2), Clean, null, null, null);

        Assert.True(report.Passed);
        Assert.Contains("no active version", report.Checks[0].Detail, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private Contracts.Lifecycle.GateReport Evaluate(string definition, RecordCounters counters)
    {
        var candidate = ViewCompiler.CompileText(definition, "test")[0];
        var active = ViewCompiler.CompileText(Base, "test")[0];
        return GateEvaluator.Evaluate(candidate, VersionTotals.Measure(_store, "sales", 2), counters, 1, active, VersionTotals.Measure(_store, "sales", 1));
    }
}
