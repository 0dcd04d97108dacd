using FsCheck;
using FsCheck.Fluent;
using Kappa.Processor.Aggregates;
using Kappa.Processor.Events;
using Xunit;
using static Kappa.Processor.Tests.Aggregates.AggregateHarness;

namespace Kappa.Processor.Tests.Aggregates;

public sealed class AverageTests
{
    [Fact]
    public void Average_equals_the_linq_average_of_the_numbers()
    {
        Prop.ForAll(AggregateGenerators.Inputs(AggregateGenerators.Numbers).ToArbitrary(), inputs =>
        {
            var numbers = Oracle.Numbers(inputs).ToList();
            var expected = numbers.Count == 0 ? "null" : Oracle.Format(numbers.Sum() / numbers.Count);
            return Json(Run(Create("avg", "price"), inputs)) == expected;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(new[] { "2", "0", "0" }, "0.6666666666666666666666666667")]
    [InlineData(new[] { "1.50", "2.50" }, "2")]
    [InlineData(new[] { "0.0000000000000000000000000001", "0" }, "0")]
    [InlineData(new[] { "0.0000000000000000000000000003", "0" }, "0.0000000000000000000000000002")]
    [InlineData(new[] { "-1", "-2" }, "-1.5")]
    public void The_quotient_is_rounded_half_to_even_at_decimal_precision(string[] values, string expected)
    {
        var state = RunValues(Create("avg", "price"), values.Select(v => Number(decimal.Parse(v, System.Globalization.CultureInfo.InvariantCulture))));

        Assert.Equal(expected, Json(state));
    }

    [Fact]
    public void Average_before_any_number_is_null_and_skips_null_and_missing()
    {
        Assert.Equal("null", Json(Create("avg", "price").CreateState()));
        Assert.Equal("3", Json(RunValues(Create("avg", "price"), [Number(2), FieldValue.NullValue, FieldValue.Missing, Number(4)])));
    }

    [Fact]
    public void A_string_is_an_input_error_and_leaves_the_state_unchanged()
    {
        var state = RunValues(Create("avg", "price"), [Number(2)]);
        var before = Bytes(state);

        Assert.Throws<AggregateInputException>(() => state.Add(Text("x"), default));

        Assert.Equal(before, Bytes(state));
        Assert.Equal("2", Json(state));
    }
}
