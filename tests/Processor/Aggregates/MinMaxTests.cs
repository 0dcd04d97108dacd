using FsCheck;
using FsCheck.Fluent;
using Kappa.Processor.Aggregates;
using Kappa.Processor.Events;
using Xunit;
using static Kappa.Processor.Tests.Aggregates.AggregateHarness;

namespace Kappa.Processor.Tests.Aggregates;

public sealed class MinMaxTests
{
    [Fact]
    public void Min_and_max_of_numbers_equal_linq()
    {
        Prop.ForAll(AggregateGenerators.Inputs(AggregateGenerators.Numbers).ToArbitrary(), inputs =>
        {
            var numbers = Oracle.Numbers(inputs).ToList();
            var expectedMin = numbers.Count == 0 ? "null" : Oracle.Format(numbers.Min());
            var expectedMax = numbers.Count == 0 ? "null" : Oracle.Format(numbers.Max());
            return Json(Run(Create("min", "x"), inputs)) == expectedMin && Json(Run(Create("max", "x"), inputs)) == expectedMax;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Min_and_max_of_strings_follow_utf8_byte_order()
    {
        Prop.ForAll(AggregateGenerators.Inputs(AggregateGenerators.Texts).ToArbitrary(), inputs =>
        {
            var strings = Oracle.Strings(inputs).ToList();
            var expectedMin = strings.Count == 0 ? "null" : Oracle.Json(strings.Min(Oracle.Utf8Order)!);
            var expectedMax = strings.Count == 0 ? "null" : Oracle.Json(strings.Max(Oracle.Utf8Order)!);
            return Json(Run(Create("min", "x"), inputs)) == expectedMin && Json(Run(Create("max", "x"), inputs)) == expectedMax;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Utf8_order_puts_an_emoji_after_a_high_bmp_character()
    {
        // UTF-16 ordinal order would say "😀" (a surrogate pair, 0xD83D...) < "\uFB00"; code point order says otherwise.
        var state = RunValues(Create("max", "x"), [Text("😀"), Text("\uFB00")]);

        Assert.Equal(Oracle.Json("😀"), Json(state));
    }

    [Fact]
    public void Mixing_numbers_and_strings_is_an_input_error()
    {
        var function = AggregateFactory.Create("cheapest", "min", ["price"]);
        var state = RunValues(function, [Number(3)]);

        var error = Assert.Throws<AggregateInputException>(() => state.Add(Text("abc"), default));

        Assert.Contains("'cheapest' (min(price))", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot mix numbers and strings", error.Message, StringComparison.Ordinal);
        Assert.Equal("3", Json(state));
    }

    [Fact]
    public void Merging_a_string_state_into_a_number_state_is_an_input_error()
    {
        var function = Create("max", "x");
        var numbers = RunValues(function, [Number(3)]);
        var strings = RunValues(function, [Text("a")]);

        Assert.Throws<AggregateInputException>(() => numbers.Merge(strings));
        Assert.Equal("3", Json(numbers));
    }

    [Fact]
    public void Booleans_objects_and_approximate_numbers_are_input_errors()
    {
        Assert.Throws<AggregateInputException>(() => RunValues(Create("min", "x"), [FieldValue.FromBoolean(false)]));
        Assert.Throws<AggregateInputException>(() => RunValues(Create("min", "x"), [Composite("[1]")]));
        Assert.Throws<AggregateInputException>(() => RunValues(Create("max", "x"), [FieldValue.FromDouble(1e300)]));
    }

    [Fact]
    public void Equal_numbers_spelled_differently_give_the_same_bytes_in_any_order()
    {
        var function = Create("max", "x");

        var one = RunValues(function, [Number(1.0m), Number(1.00m)]);
        var other = RunValues(function, [Number(1.00m), Number(1.0m)]);

        Assert.Equal(Bytes(one), Bytes(other));
        Assert.Equal("1", Json(one));
    }
}
