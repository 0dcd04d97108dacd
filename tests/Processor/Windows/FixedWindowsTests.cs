using FsCheck;
using FsCheck.Fluent;
using Kappa.Processor.Windows;
using Xunit;
using static Kappa.Processor.Tests.Windows.WindowTestData;

namespace Kappa.Processor.Tests.Windows;

public sealed class FixedWindowsTests
{
    private static readonly TumblingWindows Hourly = new(TimeSpan.FromHours(1));

    [Theory]
    [InlineData(0L, 0L)]
    [InlineData(3_599_999L, 0L)]
    [InlineData(3_600_000L, 3_600_000L)]
    [InlineData(-1L, -3_600_000L)]
    [InlineData(-3_600_000L, -3_600_000L)]
    [InlineData(-3_600_001L, -7_200_000L)]
    public void Tumbling_windows_floor_for_negative_timestamps_too(long timestamp, long expectedStart)
    {
        Assert.Equal([new Window(expectedStart, expectedStart + Hour)], Assign(Hourly, timestamp));
    }

    [Fact]
    public void A_tumbling_window_contains_its_start_and_not_its_end()
    {
        var start = Utc("2026-11-22T10:00:00Z");

        Assert.Equal(start, Hourly.WindowOf(start).Start);
        Assert.Equal(start, Hourly.WindowOf(start + Hour - 1).Start);
        Assert.Equal(start + Hour, Hourly.WindowOf(start + Hour).Start);
        Assert.True(Hourly.WindowOf(start).Contains(start));
        Assert.False(Hourly.WindowOf(start).Contains(start + Hour));
    }

    [Fact]
    public void A_tumbling_offset_shifts_the_grid_and_is_taken_modulo_the_size()
    {
        var shifted = new TumblingWindows(TimeSpan.FromDays(1), TimeSpan.FromHours(6));
        var negative = new TumblingWindows(TimeSpan.FromDays(1), TimeSpan.FromHours(-18));

        Assert.Equal(new Window(6 * Hour, Day + 6 * Hour), shifted.WindowOf(6 * Hour));
        Assert.Equal(new Window(6 * Hour - Day, 6 * Hour), shifted.WindowOf(6 * Hour - 1));
        Assert.Equal(new Window(-18 * Hour, 6 * Hour), shifted.WindowOf(-1));
        Assert.Equal(6 * Hour, negative.OffsetMs);
        Assert.Equal("tumbling(size=1d, offset=6h)", shifted.Description);
    }

    [Fact]
    public void Tumbling_descriptions_and_sizes()
    {
        Assert.Equal("tumbling(size=1h)", Hourly.Description);
        Assert.Equal("tumbling(size=1h30m)", new TumblingWindows(TimeSpan.FromMinutes(90)).Description);
        Assert.Equal("tumbling(size=1s500ms)", new TumblingWindows(1_500).Description);
        Assert.Equal(Hour, Hourly.MaxSizeMs);
    }

    [Fact]
    public void Invalid_tumbling_sizes_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TumblingWindows(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TumblingWindows(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentException>(() => new TumblingWindows(TimeSpan.FromTicks(15_000)));
    }

    [Fact]
    public void Window_bounds_that_overflow_a_long_throw()
    {
        Assert.Throws<OverflowException>(() => Hourly.WindowOf(long.MaxValue));
        Assert.Throws<OverflowException>(() => Hourly.WindowOf(long.MinValue));
    }

    [Fact]
    public void A_hopping_timestamp_is_in_size_over_advance_windows_in_start_order()
    {
        var hopping = new HoppingWindows(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1));
        var t = Utc("2026-01-01T12:34:56Z");

        var windows = Assign(hopping, t);

        Assert.Equal("hopping(size=10m, advance=1m)", hopping.Description);
        Assert.Equal(10, windows.Count);
        Assert.Equal(Utc("2026-01-01T12:25:00Z"), windows[0].Start);
        Assert.Equal(Utc("2026-01-01T12:34:00Z"), windows[^1].Start);
        Assert.All(windows, window => Assert.Equal(10 * Minute, window.LengthMs));
    }

    [Fact]
    public void Hopping_boundaries_start_inclusive_end_exclusive()
    {
        var hopping = new HoppingWindows(10 * Minute, 5 * Minute);

        Assert.Equal([new Window(-5 * Minute, 5 * Minute), new Window(0, 10 * Minute)], Assign(hopping, 0));
        Assert.Equal([new Window(-5 * Minute, 5 * Minute), new Window(0, 10 * Minute)], Assign(hopping, 5 * Minute - 1));
        Assert.Equal([new Window(0, 10 * Minute), new Window(5 * Minute, 15 * Minute)], Assign(hopping, 5 * Minute));
        Assert.Equal([new Window(-10 * Minute, 0), new Window(-5 * Minute, 5 * Minute)], Assign(hopping, -1));
    }

    [Fact]
    public void Hopping_with_advance_equal_to_size_is_tumbling()
    {
        var hopping = new HoppingWindows(Hour, Hour);

        Prop.ForAll(Arb.From(AnyTimestamp()), t => Assign(hopping, t).SequenceEqual(Assign(Hourly, t)))
            .Check(Quick);
    }

    [Fact]
    public void Hopping_rejects_an_advance_larger_than_or_not_dividing_the_size()
    {
        var tooLarge = Assert.Throws<ArgumentException>(() => new HoppingWindows(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10)));
        var notMultiple = Assert.Throws<ArgumentException>(() => new HoppingWindows(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HoppingWindows(TimeSpan.FromMinutes(10), TimeSpan.Zero));

        Assert.Contains("must not exceed", tooLarge.Message, StringComparison.Ordinal);
        Assert.Contains("multiple", notMultiple.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assign_appends_without_clearing()
    {
        var windows = new List<Window> { new(1, 2) };

        Hourly.Assign(0, windows);

        Assert.Equal([new Window(1, 2), new Window(0, Hour)], windows);
    }

    [Fact]
    public void Fixed_assigners_do_not_allocate_when_the_list_has_capacity()
    {
        var hopping = new HoppingWindows(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1));
        var windows = new List<Window>(16);
        for (var i = 0; i < 100; i++)
        {
            windows.Clear();
            Hourly.Assign(i * Minute, windows);
            hopping.Assign(i * Minute, windows);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            windows.Clear();
            Hourly.Assign(i * 7_919L, windows);
            hopping.Assign(-i * 7_919L, windows);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Property_tumbling_assigns_one_window_that_contains_the_timestamp_and_tiles_time()
    {
        var gen =
            from sizeMs in Gen.Elements(1L, 7L, Second, Minute, Hour, Day, 7 * Day, 1_234_567L)
            from offsetMs in Between(-2 * Day, 2 * Day)
            from t in AnyTimestamp()
            select (sizeMs, offsetMs, t);

        Prop.ForAll(Arb.From(gen), input =>
        {
            var (sizeMs, offsetMs, t) = input;
            var tumbling = new TumblingWindows(sizeMs, offsetMs);
            var windows = Assign(tumbling, t);
            Assert.Single(windows);
            var window = windows[0];
            Assert.True(window.Contains(t));
            Assert.Equal(sizeMs, window.LengthMs);
            Assert.Equal(0, WindowMath.FloorMod(window.Start - offsetMs, sizeMs));
            Assert.Equal(window.End, tumbling.WindowOf(window.End).Start);
            Assert.Equal(window.Start, tumbling.WindowOf(window.Start - 1).End);
        }).Check(Thorough);
    }

    [Fact]
    public void Property_hopping_assigns_exactly_size_over_advance_sorted_windows_containing_the_timestamp()
    {
        var gen =
            from advanceMs in Gen.Elements(1L, 3L, Second, Minute, 5 * Minute, Hour)
            from multiple in Gen.Choose(1, 12)
            from offsetMs in Between(-Day, Day)
            from t in AnyTimestamp()
            select (advanceMs, sizeMs: advanceMs * multiple, offsetMs, t);

        Prop.ForAll(Arb.From(gen), input =>
        {
            var (advanceMs, sizeMs, offsetMs, t) = input;
            var hopping = new HoppingWindows(sizeMs, advanceMs, offsetMs);
            var windows = Assign(hopping, t);

            Assert.Equal(sizeMs / advanceMs, windows.Count);
            Assert.All(windows, window =>
            {
                Assert.True(window.Contains(t));
                Assert.Equal(sizeMs, window.LengthMs);
                Assert.Equal(0, WindowMath.FloorMod(window.Start - offsetMs, advanceMs));
            });
            for (var i = 1; i < windows.Count; i++)
            {
                Assert.Equal(advanceMs, windows[i].Start - windows[i - 1].Start);
            }

            // No other grid window contains t: the ones just before and after the run do not.
            Assert.False(t < windows[0].Start - advanceMs + sizeMs);
            Assert.False(t >= windows[^1].Start + advanceMs);
        }).Check(Thorough);
    }
}
