using FsCheck;
using FsCheck.Fluent;
using Kappa.Processor.Aggregates;
using Kappa.Processor.Events;
using Xunit;
using static Kappa.Processor.Tests.Aggregates.AggregateHarness;

namespace Kappa.Processor.Tests.Aggregates;

/// <summary>
/// Session windows merge rows, so for every aggregate and any split of the inputs, merging the parts in any
/// grouping must give what one state that saw everything gives: the same result and the same bytes.
/// </summary>
public sealed class MergeTests
{
    public static TheoryData<string, string[]> NumericAggregates => new()
    {
        { "count", [] },
        { "count", ["x"] },
        { "sum", ["x"] },
        { "avg", ["x"] },
        { "min", ["x"] },
        { "max", ["x"] },
        { "first", ["x"] },
        { "last", ["x"] },
        { "count_distinct", ["x"] },
        { "count_distinct", ["x", "5"] },
        { "count_distinct", ["x", "0"] },
        { "top", ["x", "3"] },
    };

    public static TheoryData<string, string[]> StringAggregates => new()
    {
        { "min", ["x"] },
        { "max", ["x"] },
        { "first", ["x"] },
        { "last", ["x"] },
        { "count_distinct", ["x", "4"] },
        { "top", ["x", "3"] },
    };

    [Theory]
    [MemberData(nameof(NumericAggregates))]
    public void Merging_parts_of_numbers_equals_adding_everything(string function, string[] arguments) =>
        MergeProperty(Create(function, arguments), AggregateGenerators.Numbers);

    [Theory]
    [MemberData(nameof(StringAggregates))]
    public void Merging_parts_of_strings_equals_adding_everything(string function, string[] arguments) =>
        MergeProperty(Create(function, arguments), AggregateGenerators.Texts);

    [Fact]
    public void Merging_parts_of_any_values_equals_adding_everything_for_first_last_and_count_distinct()
    {
        MergeProperty(Create("first", "x"), AggregateGenerators.AnyValues);
        MergeProperty(Create("last", "x"), AggregateGenerators.AnyValues);
        MergeProperty(Create("count_distinct", "x", "6"), AggregateGenerators.AnyValues);
    }

    [Fact]
    public void Merging_a_state_of_another_aggregate_is_an_argument_error()
    {
        var sum = Create("sum", "x").CreateState();

        Assert.Throws<ArgumentException>(() => sum.Merge(Create("count").CreateState()));
    }

    internal static void MergeProperty(IAggregateFunction function, Gen<FieldValue> values)
    {
        Prop.ForAll(AggregateGenerators.SplitInputs(values).ToArbitrary(), split =>
        {
            var (inputs, cut1, cut2) = split;
            var all = Run(function, inputs);
            IAggregateState Part(int from, int to) => Run(function, inputs.Take(to).Skip(from));

            // (a ⊕ b) ⊕ c
            var leftFirst = Part(0, cut1);
            leftFirst.Merge(Part(cut1, cut2));
            leftFirst.Merge(Part(cut2, inputs.Count));

            // c ⊕ (b ⊕ a)
            var middle = Part(cut1, cut2);
            middle.Merge(Part(0, cut1));
            var rightFirst = Part(cut2, inputs.Count);
            rightFirst.Merge(middle);

            var expectedJson = Json(all);
            var expectedBytes = Bytes(all);
            return Json(leftFirst) == expectedJson && Json(rightFirst) == expectedJson
                && Bytes(leftFirst).AsSpan().SequenceEqual(expectedBytes) && Bytes(rightFirst).AsSpan().SequenceEqual(expectedBytes);
        }).QuickCheckThrowOnFailure();
    }
}
