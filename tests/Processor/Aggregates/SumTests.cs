using FsCheck;
using FsCheck.Fluent;
using Kappa.Processor.Aggregates;
using Kappa.Processor.Events;
using Xunit;
using static Kappa.Processor.Tests.Aggregates.AggregateHarness;

namespace Kappa.Processor.Tests.Aggregates;

public sealed class SumTests
{
    [Fact]
    public void Sum_equals_the_exact_linq_sum_of_the_numbers()
    {
        Prop.ForAll(AggregateGenerators.Inputs(AggregateGenerators.Numbers).ToArbitrary(), inputs =>
        {
            var numbers = Oracle.Numbers(inputs).ToList();
            var expected = numbers.Count == 0 ? "null" : Oracle.Format(numbers.Sum());
            return Json(Run(Create("sum", "amount"), inputs)) == expected;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Sum_keeps_every_digit()
    {
        var state = RunValues(Create("sum", "amount"), [
            Number(12345678901234.123456789012m),
            Number(0.000000000001m),
            Number(-0.000000000012m),
            Number(10000000000000m)]);

        Assert.Equal("22345678901234.123456789001", Json(state));
    }

    [Fact]
    public void Sum_is_written_without_trailing_zeros_or_exponent()
    {
        Assert.Equal("3", Json(RunValues(Create("sum", "amount"), [Number(1.50m), Number(1.50m)])));
        Assert.Equal("0.0000000000000000000000000001", Json(RunValues(Create("sum", "amount"), [Number(0.0000000000000000000000000001m)])));
        Assert.Equal("0", Json(RunValues(Create("sum", "amount"), [Number(-1.0m), Number(1.00m)])));
    }

    [Fact]
    public void Sum_before_any_number_is_null()
    {
        Assert.Equal("null", Json(RunValues(Create("sum", "amount"), [FieldValue.NullValue, FieldValue.Missing])));
    }

    [Fact]
    public void A_string_is_an_input_error_naming_the_aggregate()
    {
        var function = AggregateFactory.Create("revenue", "sum", ["amount"]);
        var state = function.CreateState();

        var error = Assert.Throws<AggregateInputException>(() => state.Add(Text("12"), default));

        Assert.Equal("revenue", error.AggregateName);
        Assert.Contains("'revenue'", error.Message, StringComparison.Ordinal);
        Assert.Contains("sum(amount)", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected a number but got a string \"12\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_approximate_number_is_an_input_error()
    {
        var error = Assert.Throws<AggregateInputException>(() => RunValues(Create("sum", "amount"), [FieldValue.FromDouble(1e30)]));

        Assert.Contains("outside the exact decimal range", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("79228162514264337593543950335", "1")]
    [InlineData("10000000000000000000000000000", "0.1")]
    [InlineData("7922816251426433759354395033.5", "0.25")]
    public void A_sum_that_would_overflow_or_round_is_an_input_error_and_leaves_the_state_unchanged(string running, string addend)
    {
        var function = Create("sum", "amount");
        var state = RunValues(function, [Number(decimal.Parse(running, System.Globalization.CultureInfo.InvariantCulture))]);
        var before = Bytes(state);

        var error = Assert.Throws<AggregateInputException>(() => state.Add(Number(decimal.Parse(addend, System.Globalization.CultureInfo.InvariantCulture)), default));

        Assert.Contains("overflows the exact decimal range", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Bytes(state));
    }

    [Fact]
    public void A_sum_whose_dropped_digits_are_zero_is_exact_and_accepted()
    {
        // At scale 1 the mantissa needs 97 bits, so .NET drops a digit; it is a zero, so nothing is lost.
        var state = RunValues(Create("sum", "amount"), [Number(7922816251426433759354395033.5m), Number(0.5m)]);

        Assert.Equal("7922816251426433759354395034", Json(state));
    }

    [Fact]
    public void Booleans_and_objects_are_input_errors()
    {
        Assert.Throws<AggregateInputException>(() => RunValues(Create("sum", "amount"), [FieldValue.FromBoolean(true)]));
        Assert.Throws<AggregateInputException>(() => RunValues(Create("sum", "amount"), [Composite("{}")]));
    }
}
