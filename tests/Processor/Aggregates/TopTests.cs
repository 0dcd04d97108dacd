using FsCheck;
using FsCheck.Fluent;
using Kappa.Processor.Aggregates;
using Xunit;
using static Kappa.Processor.Tests.Aggregates.AggregateHarness;

namespace Kappa.Processor.Tests.Aggregates;

public sealed class TopTests
{
    [Fact]
    public void Top_numbers_equal_the_largest_n_by_linq_with_duplicates()
    {
        Prop.ForAll(AggregateGenerators.Inputs(AggregateGenerators.Numbers).ToArbitrary(), Gen.Choose(1, 6).ToArbitrary(), (inputs, n) =>
        {
            var numbers = Oracle.Numbers(inputs).ToList();
            var expected = numbers.Count == 0
                ? "null"
                : "[" + string.Join(",", numbers.OrderDescending().Take(n).Select(Oracle.Format)) + "]";
            return Json(Run(Create("top", "x", n.ToString(System.Globalization.CultureInfo.InvariantCulture)), inputs)) == expected;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Top_strings_follow_utf8_byte_order()
    {
        Prop.ForAll(AggregateGenerators.Inputs(AggregateGenerators.Texts).ToArbitrary(), Gen.Choose(1, 6).ToArbitrary(), (inputs, n) =>
        {
            var strings = Oracle.Strings(inputs).ToList();
            var expected = strings.Count == 0 ? "null" : Oracle.JsonArray(strings.OrderDescending(Oracle.Utf8Order).Take(n));
            return Json(Run(Create("top", "x", n.ToString(System.Globalization.CultureInfo.InvariantCulture)), inputs)) == expected;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Duplicates_are_kept_and_equal_numbers_are_normalized()
    {
        var state = RunValues(Create("top", "amount", "3"), [Number(90), Number(100.0m), Number(5), Number(100), Number(90.00m)]);

        Assert.Equal("[100,100,90]", Json(state));
    }

    [Fact]
    public void Mixing_numbers_and_strings_is_an_input_error()
    {
        var state = RunValues(Create("top", "x", "2"), [Number(1)]);

        Assert.Throws<AggregateInputException>(() => state.Add(Text("a"), default));
        Assert.Equal("[1]", Json(state));
    }
}
