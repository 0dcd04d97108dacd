using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Kappa.Processor.Events;
using Xunit;

namespace Kappa.Processor.Tests.Events;

public sealed class JsonDecimalTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("-0.0")]
    [InlineData("0.000")]
    [InlineData("1.50")]
    [InlineData("-12.340")]
    [InlineData("1795000000000")]
    [InlineData("999999999999999999")]
    [InlineData("-99999999999999999.9")]
    [InlineData("0.00000000000000001")]
    public void A_plain_number_reads_as_the_json_reader_reads_it(string text)
    {
        Assert.True(JsonDecimal.TryRead(Encoding.UTF8.GetBytes(text), out var value));
        AssertSameBits(ReaderDecimal(text), value);
    }

    [Theory]
    [InlineData("1e2")]
    [InlineData("1.5E-3")]
    [InlineData("1000000000000000000")]
    [InlineData("0.1234567890123456789012345678")]
    [InlineData("79228162514264337593543950335")]
    public void Exponents_and_more_than_18_digits_are_left_to_the_json_reader(string text) =>
        Assert.False(JsonDecimal.TryRead(Encoding.UTF8.GetBytes(text), out _));

    [Fact]
    public void Every_number_it_reads_is_the_json_readers_decimal_bit_for_bit()
    {
        var numbers =
            from negative in Gen.Elements(false, true)
            from integer in Gen.Choose(0, 20).SelectMany(n => Digits(n))
            from fraction in Gen.Choose(0, 20).SelectMany(n => Digits(n))
            select (negative ? "-" : string.Empty) + (integer.TrimStart('0') is { Length: > 0 } i ? i : "0") + (fraction.Length > 0 ? "." + fraction : string.Empty);

        Prop.ForAll(numbers.ToArbitrary(), text =>
        {
            var expected = ReaderDecimal(text);
            if (JsonDecimal.TryRead(Encoding.UTF8.GetBytes(text), out var value))
            {
                AssertSameBits(expected, value);
            }
            else
            {
                Assert.True(text.Count(char.IsAsciiDigit) > 18, $"{text} was left to the reader");
            }
        }).QuickCheckThrowOnFailure();
    }

    private static Gen<string> Digits(int count) =>
        Gen.Elements("0123456789".ToCharArray()).ArrayOf(count).Select(chars => new string(chars));

    private static decimal ReaderDecimal(string text)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text));
        Assert.True(reader.Read());
        Assert.True(reader.TryGetDecimal(out var value));
        return value;
    }

    private static void AssertSameBits(decimal expected, decimal actual) =>
        Assert.Equal(decimal.GetBits(expected), decimal.GetBits(actual));
}
