using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Kappa.Processor.Aggregates;
using Kappa.Processor.Events;
using Xunit;
using static Kappa.Processor.Tests.Aggregates.AggregateHarness;

namespace Kappa.Processor.Tests.Aggregates;

public sealed class CountDistinctTests
{
    private const byte ExactMode = 0;
    private const byte SketchMode = 1;

    [Fact]
    public void Below_the_limit_the_count_is_exact_by_value()
    {
        Prop.ForAll(AggregateGenerators.Inputs(Gen.OneOf(AggregateGenerators.Numbers, AggregateGenerators.Texts)).ToArbitrary(), inputs =>
        {
            // Decimal equality is by value (1.0 == 1.00), as is count_distinct's; a number never equals a string.
            var expected = Oracle.Numbers(inputs).Distinct().Count() + Oracle.Strings(inputs).Distinct(StringComparer.Ordinal).Count();
            return Json(Run(Create("count_distinct", "x"), inputs)) == expected.ToString(CultureInfo.InvariantCulture);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Kinds_are_kept_apart_and_numbers_compare_by_value()
    {
        var state = RunValues(Create("count_distinct", "x"), [
            Number(1), Number(1.0m), Number(1.00m), Text("1"), FieldValue.FromBoolean(true), FieldValue.FromBoolean(true),
            Composite("{\"a\":1}"), FieldValue.FromDouble(1e30), FieldValue.NullValue, FieldValue.Missing]);

        Assert.Equal("5", Json(state));
    }

    [Fact]
    public void Exactly_the_limit_stays_exact_and_one_more_switches_to_the_sketch()
    {
        var function = Create("count_distinct", "x");
        var state = RunValues(function, Enumerable.Range(0, AggregateFactory.DefaultExactDistinctLimit).Select(i => Number(i)));

        Assert.Equal("10000", Json(state));
        Assert.Equal(ExactMode, Bytes(state)[2]);

        state.Add(Number(-1), default);

        Assert.Equal(SketchMode, Bytes(state)[2]);
        var estimate = long.Parse(Json(state), CultureInfo.InvariantCulture);
        Assert.InRange(estimate, 10_001 * (1 - (3 * 0.0081)), 10_001 * (1 + (3 * 0.0081)));
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(250_000)]
    public void Above_the_limit_the_estimate_is_within_three_standard_errors(int distinct)
    {
        var state = RunValues(Create("count_distinct", "customer_id"), Enumerable.Range(0, distinct).Select(i => Text($"customer-{i}")));

        var estimate = long.Parse(Json(state), CultureInfo.InvariantCulture);

        var tolerance = 3 * HyperLogLog.StandardError(AggregateFactory.DistinctSketchPrecision) * distinct;
        Assert.InRange(estimate, distinct - tolerance, distinct + tolerance);
    }

    [Fact]
    public void Sketch_bytes_are_the_same_in_any_order_and_after_merging()
    {
        var function = Create("count_distinct", "x", "100");
        var values = Enumerable.Range(0, 5_000).Select(i => Number(i * 7)).ToArray();

        var forward = RunValues(function, values);
        var backward = RunValues(function, values.Reverse());
        var merged = RunValues(function, values.Take(50));
        merged.Merge(RunValues(function, values.Skip(50)));

        Assert.Equal(SketchMode, Bytes(forward)[2]);
        Assert.Equal(Bytes(forward), Bytes(backward));
        Assert.Equal(Bytes(forward), Bytes(merged));
        Assert.Equal(Json(forward), Json(merged));
    }

    [Fact]
    public void Exact_sets_are_written_sorted_so_insertion_order_does_not_matter()
    {
        var function = Create("count_distinct", "x");

        var one = RunValues(function, [Text("b"), Number(3), Text("a"), Number(2.50m)]);
        var other = RunValues(function, [Number(2.5m), Text("a"), Number(3.000m), Text("b")]);

        Assert.Equal(Bytes(one), Bytes(other));
    }

    [Fact]
    public void Two_exact_states_whose_union_exceeds_the_limit_merge_into_the_sketch_of_all_values()
    {
        var function = Create("count_distinct", "x", "10");
        var left = RunValues(function, Enumerable.Range(0, 8).Select(i => Number(i)));
        var right = RunValues(function, Enumerable.Range(5, 8).Select(i => Number(i)));

        left.Merge(right);

        Assert.Equal(Bytes(RunValues(function, Enumerable.Range(0, 13).Select(i => Number(i)))), Bytes(left));
        Assert.Equal("13", Json(left));
    }

    [Fact]
    public void A_limit_of_zero_always_sketches()
    {
        var state = RunValues(Create("count_distinct", "x", "0"), [Text("a"), Text("b"), Text("a")]);

        Assert.Equal(SketchMode, Bytes(state)[2]);
        Assert.Equal("2", Json(state));
    }

    [Fact]
    public void A_stored_exact_set_larger_than_a_new_limit_is_read_as_a_sketch()
    {
        var values = Enumerable.Range(0, 20).Select(i => Number(i)).ToArray();
        var stored = Bytes(RunValues(Create("count_distinct", "x", "100"), values));

        var state = Create("count_distinct", "x", "10").ReadState(stored);

        Assert.Equal(Bytes(RunValues(Create("count_distinct", "x", "10"), values)), Bytes(state));
    }

    [Fact]
    public void Count_distinct_before_any_input_is_zero()
    {
        Assert.Equal("0", Json(Create("count_distinct", "x").CreateState()));
        Assert.Equal("0", Json(Create("count_distinct", "x", "0").CreateState()));
    }
}
