using Kappa.Processor.Events;
using Xunit;

namespace Kappa.Processor.Tests.Events;

public sealed class FieldValueTests
{
    [Theory]
    [InlineData("12.34", 12.34)]
    [InlineData("-0.5", -0.5)]
    [InlineData("1795000000000", 1795000000000d)]
    [InlineData("79228162514264337593543950335", 7.9228162514264337593543950335e28)]
    public void An_exact_numbers_double_is_its_decimals(string number, double expected)
    {
        var value = FieldValue.FromNumber(decimal.Parse(number, System.Globalization.CultureInfo.InvariantCulture));

        Assert.False(value.IsApproximate);
        Assert.Equal(expected, value.AsDouble);
    }

    [Fact]
    public void An_approximate_number_keeps_its_double()
    {
        var value = FieldValue.FromDouble(1e300);

        Assert.True(value.IsApproximate);
        Assert.Equal(1e300, value.AsDouble);
        Assert.Equal(0m, value.Number);
    }

    [Fact]
    public void Values_that_are_not_numbers_have_a_double_of_zero()
    {
        Assert.Equal(0d, FieldValue.Missing.AsDouble);
        Assert.Equal(0d, FieldValue.FromBoolean(true).AsDouble);
        Assert.Equal(0d, FieldValue.FromUtf8("12"u8.ToArray()).AsDouble);
    }
}
