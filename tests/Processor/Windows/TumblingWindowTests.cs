using Kappa.Processor.Windows;
using Xunit;

namespace Kappa.Processor.Tests.Windows;

public sealed class TumblingWindowTests
{
    private static readonly TumblingWindow Hourly = new(TimeSpan.FromHours(1));

    [Theory]
    [InlineData(0L, 0L)]
    [InlineData(3_599_999L, 0L)]
    [InlineData(3_600_000L, 3_600_000L)]
    [InlineData(-1L, -3_600_000L)]
    [InlineData(-3_600_000L, -3_600_000L)]
    [InlineData(-3_600_001L, -7_200_000L)]
    public void A_timestamp_falls_in_the_window_that_contains_it(long timestamp, long expectedStart)
    {
        Assert.Equal(expectedStart, Hourly.StartOf(timestamp));
    }

    [Fact]
    public void Window_start_is_inclusive_and_end_exclusive()
    {
        var start = DateTimeOffset.Parse("2026-11-22T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

        Assert.Equal(start, Hourly.StartOf(start));
        Assert.Equal(start, Hourly.StartOf(start + Hourly.SizeMs - 1));
        Assert.Equal(start + Hourly.SizeMs, Hourly.StartOf(start + Hourly.SizeMs));
    }

    [Fact]
    public void A_non_positive_size_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TumblingWindow(TimeSpan.Zero));
    }
}
