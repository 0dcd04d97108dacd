using Xunit;

namespace Kappa.Contracts.Tests;

public sealed class EventTimestampsTests
{
    [Theory]
    [InlineData("2026-11-22T10:05:00Z", 1795341900000L)]
    [InlineData("2026-11-22T11:05:00+01:00", 1795341900000L)]
    [InlineData("2026-11-22T10:05:00.250Z", 1795341900250L)]
    [InlineData("2026-11-22T10:05Z", 1795341900000L)]
    [InlineData("2026-11-22 10:05:00Z", 1795341900000L)]
    public void Full_iso_8601_timestamps_with_an_offset_parse_to_their_instant(string text, long expected)
    {
        Assert.True(EventTimestamps.TryParseIso8601(text, out var ms));
        Assert.Equal(expected, ms);
    }

    [Theory]
    [InlineData("10:30")]
    [InlineData("May 5")]
    [InlineData("2026-11-22")]
    [InlineData("2026-11-22T10:05:00")]
    [InlineData("22/11/2026 10:05:00Z")]
    [InlineData("0999-12-31T23:59:59Z")]
    [InlineData("9000-01-01T00:00:00.001Z")]
    [InlineData("")]
    public void Partial_unzoned_or_out_of_range_timestamps_are_refused(string text)
    {
        // Accepting "10:30" would take today's date from the clock, and a replay tomorrow would differ.
        Assert.False(EventTimestamps.TryParseIso8601(text, out _));
    }

    [Fact]
    public void The_range_leaves_room_for_windows_and_grace_on_both_sides()
    {
        Assert.True(EventTimestamps.InRange(0));
        Assert.False(EventTimestamps.InRange(long.MaxValue));
        Assert.False(EventTimestamps.InRange(long.MinValue));
        Assert.True(DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() - EventTimestamps.MaxMs > TimeSpan.FromDays(365 * 900).TotalMilliseconds);
    }
}
