using FsCheck;
using FsCheck.Fluent;
using Kappa.Contracts.Definitions;
using Xunit;

namespace Kappa.Contracts.Tests.Definitions;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("0s", 0L)]
    [InlineData("500ms", 500L)]
    [InlineData("30s", 30_000L)]
    [InlineData("5m", 300_000L)]
    [InlineData("1h", 3_600_000L)]
    [InlineData("1d", 86_400_000L)]
    [InlineData("1h30m", 5_400_000L)]
    [InlineData("1d2h3m4s5ms", 93_784_005L)]
    [InlineData("90m", 5_400_000L)]
    public void Valid_durations_parse_to_milliseconds(string text, long milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("h")]
    [InlineData("1x")]
    [InlineData("1H")]
    [InlineData("1.5h")]
    [InlineData("-1m")]
    [InlineData("1m1h")]
    [InlineData("1m1m")]
    [InlineData("1 h")]
    [InlineData(" 1h")]
    [InlineData("1hour")]
    [InlineData("1w")]
    [InlineData("99999999999999d")]
    [InlineData("9999999999d")]
    public void Invalid_durations_are_rejected(string text)
    {
        Assert.False(DurationParser.TryParse(text, out _));
    }

    [Fact]
    public void Rendering_a_duration_in_units_parses_back()
    {
        Prop.ForAll<uint>(raw =>
        {
            var ms = (long)raw * 37;
            var span = TimeSpan.FromMilliseconds(ms);
            var text = $"{(long)span.TotalDays}d{span.Hours}h{span.Minutes}m{span.Seconds}s{span.Milliseconds}ms";
            return DurationParser.TryParse(text, out var parsed) && parsed == span;
        }).QuickCheckThrowOnFailure();
    }
}
