using Kappa.Contracts.Definitions;
using Kappa.Processor.Windows;
using NodaTime;
using Xunit;

namespace Kappa.Processor.Tests.Windows;

public sealed class WindowAssignersTests
{
    [Fact]
    public void Builds_each_window_type_from_parsed_values()
    {
        Assert.Equal("tumbling(size=5m)", WindowAssigners.Tumbling(TimeSpan.FromMinutes(5)).Description);
        Assert.Equal("hopping(size=10m, advance=1m)", WindowAssigners.Hopping(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1)).Description);
        Assert.Equal("calendar(unit=month, zone=Asia/Tokyo)", WindowAssigners.Calendar(CalendarUnit.Month, "Asia/Tokyo").Description);
        Assert.Equal(
            "calendar(unit=week, zone=UTC, firstDayOfWeek=sunday)",
            WindowAssigners.Calendar(CalendarUnit.Week, "UTC", DayOfWeek.Sunday).Description);
        Assert.Equal(IsoDayOfWeek.Saturday, WindowAssigners.Calendar(CalendarUnit.Week, "UTC", DayOfWeek.Saturday).FirstDayOfWeek);
        Assert.Equal(
            "business-hours(zone=Europe/Berlin, open=08:30, close=18:00, days=mon,tue,wed,thu,fri,sat)",
            WindowAssigners.BusinessHours(
                "Europe/Berlin",
                new TimeOnly(8, 30),
                new TimeOnly(18, 0),
                [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday]).Description);
        Assert.Equal("session(gap=30m)", WindowAssigners.Session(TimeSpan.FromMinutes(30)).Description);
        Assert.Equal("sliding(timeDifference=1h)", WindowAssigners.Sliding(TimeSpan.FromHours(1)).Description);
    }

    [Fact]
    public void An_unknown_zone_is_an_argument_exception_naming_it()
    {
        var error = Assert.Throws<ArgumentException>(() => WindowAssigners.Calendar(CalendarUnit.Day, "Europe/Atlantis"));

        Assert.Contains("Europe/Atlantis", error.Message, StringComparison.Ordinal);
        Assert.Equal("zoneId", error.ParamName);
        Assert.Throws<ArgumentException>(() => WindowAssigners.Zone(""));
        Assert.Throws<ArgumentException>(() => WindowAssigners.BusinessHours("Mars/Olympus_Mons"));
    }

    [Fact]
    public void Sub_millisecond_sizes_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => WindowAssigners.Tumbling(TimeSpan.FromTicks(TimeSpan.TicksPerMillisecond + 1)));
        Assert.Throws<ArgumentException>(() => WindowAssigners.Session(TimeSpan.FromTicks(1)));
    }

    [Fact]
    public void Max_sizes_bound_retention()
    {
        Assert.Equal(3_600_000L, WindowAssigners.Calendar(CalendarUnit.Hour, "Europe/Berlin").MaxSizeMs);
        Assert.Equal(86_400_000L, WindowAssigners.Calendar(CalendarUnit.Day, "UTC").MaxSizeMs);
        Assert.True(WindowAssigners.Calendar(CalendarUnit.Day, "Europe/Berlin").MaxSizeMs >= 25 * 3_600_000L);
        Assert.Equal(31 * 86_400_000L, WindowAssigners.Calendar(CalendarUnit.Month, "UTC").MaxSizeMs);
        Assert.Equal(600_000L, WindowAssigners.Hopping(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1)).MaxSizeMs);
    }
}
