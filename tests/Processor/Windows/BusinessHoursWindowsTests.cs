using FsCheck;
using FsCheck.Fluent;
using Kappa.Processor.Windows;
using NodaTime;
using Xunit;
using static Kappa.Processor.Tests.Windows.WindowTestData;

namespace Kappa.Processor.Tests.Windows;

public sealed class BusinessHoursWindowsTests
{
    private static readonly BusinessHoursWindows Berlin = new(Zone("Europe/Berlin"));

    [Fact]
    public void A_weekday_event_during_opening_hours_is_in_that_days_window()
    {
        // 2026-06-15 is a Monday; Berlin is at +02:00.
        var expected = new Window(At("2026-06-15T09:00:00+02:00"), At("2026-06-15T17:00:00+02:00"));

        Assert.Equal([expected], Assign(Berlin, At("2026-06-15T12:00:00+02:00")));
        Assert.Equal([expected], Assign(Berlin, At("2026-06-15T09:00:00+02:00")));
        Assert.Equal([expected], Assign(Berlin, At("2026-06-15T16:59:59.999+02:00")));
        Assert.Equal(8 * Hour, expected.LengthMs);
    }

    [Theory]
    [InlineData("2026-06-15T08:59:59.999+02:00")] // Monday, before opening
    [InlineData("2026-06-15T17:00:00+02:00")] // Monday, closing time is exclusive
    [InlineData("2026-06-15T23:30:00+02:00")] // Monday night
    [InlineData("2026-06-13T12:00:00+02:00")] // Saturday
    [InlineData("2026-06-14T12:00:00+02:00")] // Sunday
    public void Events_outside_business_hours_belong_to_no_window(string instant)
    {
        Assert.Empty(Assign(Berlin, At(instant)));
    }

    [Fact]
    public void Opening_hours_follow_the_local_clock_across_dst()
    {
        // 09:00 local is 08:00Z in winter and 07:00Z in summer.
        Assert.Equal([W("2026-03-27T08:00:00Z", "2026-03-27T16:00:00Z")], Assign(Berlin, Utc("2026-03-27T12:00:00Z")));
        Assert.Equal([W("2026-03-30T07:00:00Z", "2026-03-30T15:00:00Z")], Assign(Berlin, Utc("2026-03-30T12:00:00Z")));
    }

    [Fact]
    public void A_dst_switch_during_opening_hours_changes_that_days_length()
    {
        // Custom hours that straddle New York's 02:00 switch, every day of the week.
        var night = new BusinessHoursWindows(
            Zone("America/New_York"), new LocalTime(1, 0), new LocalTime(4, 0), Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None));

        var spring = Assign(night, Utc("2026-03-08T07:30:00Z"));
        var autumn = Assign(night, Utc("2026-11-01T06:30:00Z"));

        Assert.Equal([new Window(At("2026-03-08T01:00:00-05:00"), At("2026-03-08T04:00:00-04:00"))], spring);
        Assert.Equal(2 * Hour, spring[0].LengthMs);
        Assert.Equal([new Window(At("2026-11-01T01:00:00-04:00"), At("2026-11-01T04:00:00-05:00"))], autumn);
        Assert.Equal(4 * Hour, autumn[0].LengthMs);
    }

    [Fact]
    public void Custom_days_and_description()
    {
        var weekend = new BusinessHoursWindows(Zone("Asia/Tokyo"), new LocalTime(10, 0), new LocalTime(20, 30), [IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday]);

        Assert.Equal("business-hours(zone=Europe/Berlin, open=09:00, close=17:00, days=mon,tue,wed,thu,fri)", Berlin.Description);
        Assert.Equal("business-hours(zone=Asia/Tokyo, open=10:00, close=20:30, days=sat,sun)", weekend.Description);
        Assert.Single(Assign(weekend, At("2026-06-13T20:29:00+09:00")));
        Assert.Empty(Assign(weekend, At("2026-06-15T12:00:00+09:00")));
    }

    [Fact]
    public void Invalid_hours_are_rejected()
    {
        var zone = Zone("UTC");

        Assert.Throws<ArgumentException>(() => new BusinessHoursWindows(zone, new LocalTime(17, 0), new LocalTime(9, 0)));
        Assert.Throws<ArgumentException>(() => new BusinessHoursWindows(zone, new LocalTime(9, 0), new LocalTime(9, 0)));
        Assert.Throws<ArgumentException>(() => new BusinessHoursWindows(zone, days: []));
    }

    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("Asia/Kathmandu")]
    public void Property_business_hours_assign_at_most_one_window_containing_the_timestamp(string zoneId)
    {
        var zone = Zone(zoneId);
        var assigner = new BusinessHoursWindows(zone);

        Prop.ForAll(Arb.From(TimestampsNear(zoneId)), t =>
        {
            var windows = Assign(assigner, t);
            var local = Instant.FromUnixTimeMilliseconds(t).InZone(zone).LocalDateTime;
            var weekday = local.DayOfWeek is >= IsoDayOfWeek.Monday and <= IsoDayOfWeek.Friday;
            var openLocally = weekday && local.TimeOfDay >= new LocalTime(9, 0) && local.TimeOfDay < new LocalTime(17, 0);
            Assert.InRange(windows.Count, 0, 1);
            Assert.Equal(openLocally, windows.Count == 1);
            if (windows.Count == 1)
            {
                Assert.True(windows[0].Contains(t));
                Assert.InRange(windows[0].LengthMs, 1, assigner.MaxSizeMs);
            }
        }).Check(Quick);
    }
}
