using Kappa.Contracts.Definitions;
using FsCheck;
using FsCheck.Fluent;
using Kappa.Processor.Windows;
using NodaTime;
using NodaTime.Calendars;
using Xunit;
using static Kappa.Processor.Tests.Windows.WindowTestData;

namespace Kappa.Processor.Tests.Windows;

public sealed class CalendarWindowsTests
{
    private static readonly DateTimeZone Berlin = Zone("Europe/Berlin");

    private static Window WindowOf(CalendarUnit unit, string zoneId, long t, IsoDayOfWeek firstDay = IsoDayOfWeek.Monday) =>
        new CalendarWindows(unit, Zone(zoneId), firstDay).WindowOf(t);

    [Fact]
    public void A_day_contains_its_first_instant_and_not_its_end()
    {
        var days = new CalendarWindows(CalendarUnit.Day, Berlin);
        var start = At("2026-06-15T00:00:00+02:00");

        Assert.Equal(new Window(start, start + Day), days.WindowOf(start));
        Assert.Equal(new Window(start, start + Day), days.WindowOf(start + Day - 1));
        Assert.Equal(new Window(start + Day, start + 2 * Day), days.WindowOf(start + Day));
        Assert.Equal(new Window(start - Day, start), days.WindowOf(start - 1));
    }

    [Fact]
    public void Berlin_spring_switch_day_is_23_hours()
    {
        var window = WindowOf(CalendarUnit.Day, "Europe/Berlin", Utc("2026-03-29T12:00:00Z"));

        Assert.Equal(W("2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z"), window);
        Assert.Equal(23 * Hour, window.LengthMs);
    }

    [Fact]
    public void Berlin_autumn_switch_day_is_25_hours()
    {
        var window = WindowOf(CalendarUnit.Day, "Europe/Berlin", Utc("2026-10-25T12:00:00Z"));

        Assert.Equal(W("2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z"), window);
        Assert.Equal(25 * Hour, window.LengthMs);
    }

    [Fact]
    public void Berlin_spring_switch_day_has_23_hour_windows_and_no_0200()
    {
        var hours = new CalendarWindows(CalendarUnit.Hour, Berlin);
        var day = WindowOf(CalendarUnit.Day, "Europe/Berlin", Utc("2026-03-29T12:00:00Z"));

        var windows = HourWindowsIn(hours, day);

        Assert.Equal(23, windows.Count);
        Assert.All(windows, window => Assert.Equal(Hour, window.LengthMs));
        // 01:00 CET is followed directly by 03:00 CEST.
        Assert.Equal(W("2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z"), hours.WindowOf(Utc("2026-03-29T00:59:59.999Z")));
        Assert.Equal(W("2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z"), hours.WindowOf(Utc("2026-03-29T01:00:00Z")));
        Assert.Equal(new LocalDateTime(2026, 3, 29, 3, 0), hours.LabelOf(Utc("2026-03-29T01:00:00Z")).LocalDateTime);
        Assert.DoesNotContain(windows, window => hours.LabelOf(window.Start).Hour == 2);
    }

    [Fact]
    public void Berlin_fall_back_hour_is_two_windows_with_the_same_local_label()
    {
        var hours = new CalendarWindows(CalendarUnit.Hour, Berlin);

        var first = hours.WindowOf(Utc("2026-10-25T00:30:00Z"));
        var second = hours.WindowOf(Utc("2026-10-25T01:30:00Z"));

        Assert.Equal(W("2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z"), first);
        Assert.Equal(W("2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z"), second);
        var firstLabel = hours.LabelOf(first.Start);
        var secondLabel = hours.LabelOf(second.Start);
        Assert.Equal(new LocalDateTime(2026, 10, 25, 2, 0), firstLabel.LocalDateTime);
        Assert.Equal(new LocalDateTime(2026, 10, 25, 2, 0), secondLabel.LocalDateTime);
        Assert.Equal(Offset.FromHours(2), firstLabel.Offset);
        Assert.Equal(Offset.FromHours(1), secondLabel.Offset);
        // The boundary between them is exclusive/inclusive like any other.
        Assert.Equal(first, hours.WindowOf(Utc("2026-10-25T00:59:59.999Z")));
        Assert.Equal(second, hours.WindowOf(Utc("2026-10-25T01:00:00Z")));

        var day = WindowOf(CalendarUnit.Day, "Europe/Berlin", Utc("2026-10-25T12:00:00Z"));
        Assert.Equal(25, HourWindowsIn(hours, day).Count);
    }

    [Fact]
    public void A_day_that_starts_in_a_dst_gap_starts_at_the_first_valid_instant()
    {
        // Havana springs forward at local midnight: 2026-03-08 00:00 CST does not exist, the day starts at 01:00 CDT.
        var havana = Zone("America/Havana");
        var window = WindowOf(CalendarUnit.Day, "America/Havana", Utc("2026-03-08T12:00:00Z"));

        Assert.Equal(havana.AtStartOfDay(new LocalDate(2026, 3, 8)).ToInstant().ToUnixTimeMilliseconds(), window.Start);
        Assert.Equal(At("2026-03-08T01:00:00-04:00"), window.Start);
        Assert.Equal(At("2026-03-09T00:00:00-04:00"), window.End);
        Assert.Equal(23 * Hour, window.LengthMs);
        // The previous day runs up to that instant.
        Assert.Equal(window.Start, WindowOf(CalendarUnit.Day, "America/Havana", window.Start - 1).End);
    }

    [Fact]
    public void A_day_whose_midnight_happens_twice_starts_at_the_first_one()
    {
        // Havana fell back at 01:00 CDT to 00:00 CST on 2025-11-02: midnight happened twice. (TZDB 2026f has
        // Cuba keep summer time through 2027, so a past date is used.)
        var window = WindowOf(CalendarUnit.Day, "America/Havana", Utc("2025-11-02T12:00:00Z"));

        Assert.Equal(At("2025-11-02T00:00:00-04:00"), window.Start);
        Assert.Equal(At("2025-11-03T00:00:00-05:00"), window.End);
        Assert.Equal(25 * Hour, window.LengthMs);
    }

    [Theory]
    [InlineData("2026-03-08T12:00:00Z", "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z", 23)]
    [InlineData("2026-11-01T12:00:00Z", "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z", 25)]
    [InlineData("2026-07-01T12:00:00Z", "2026-07-01T04:00:00Z", "2026-07-02T04:00:00Z", 24)]
    public void New_York_day_lengths(string instant, string start, string end, int hours)
    {
        var window = WindowOf(CalendarUnit.Day, "America/New_York", Utc(instant));

        Assert.Equal(W(start, end), window);
        Assert.Equal(hours * Hour, window.LengthMs);
    }

    [Fact]
    public void Lord_Howe_switch_days_are_half_an_hour_short_or_long()
    {
        // Lord Howe: +10:30 standard, +11 in summer; the clocks move by 30 minutes at 02:00.
        var fallBack = WindowOf(CalendarUnit.Day, "Australia/Lord_Howe", At("2026-04-05T12:00:00+10:30"));
        var springForward = WindowOf(CalendarUnit.Day, "Australia/Lord_Howe", At("2026-10-04T12:00:00+11:00"));

        Assert.Equal(new Window(At("2026-04-05T00:00:00+11:00"), At("2026-04-06T00:00:00+10:30")), fallBack);
        Assert.Equal(24 * Hour + 30 * Minute, fallBack.LengthMs);
        Assert.Equal(new Window(At("2026-10-04T00:00:00+10:30"), At("2026-10-05T00:00:00+11:00")), springForward);
        Assert.Equal(23 * Hour + 30 * Minute, springForward.LengthMs);
    }

    [Fact]
    public void Lord_Howe_half_hour_shifts_cut_an_hour_window_to_30_minutes()
    {
        var hours = new CalendarWindows(CalendarUnit.Hour, Zone("Australia/Lord_Howe"));

        // Spring forward 02:00 +10:30 -> 02:30 +11: local hour 02 exists only from 02:30.
        Assert.Equal(new Window(At("2026-10-04T01:00:00+10:30"), At("2026-10-04T02:00:00+10:30")), hours.WindowOf(At("2026-10-04T01:59:00+10:30")));
        Assert.Equal(new Window(At("2026-10-04T02:30:00+11:00"), At("2026-10-04T03:00:00+11:00")), hours.WindowOf(At("2026-10-04T02:45:00+11:00")));

        // Fall back 02:00 +11 -> 01:30 +10:30: local 01:30-02:00 happens twice; the second time is its own 30-minute window.
        Assert.Equal(new Window(At("2026-04-05T01:00:00+11:00"), At("2026-04-05T02:00:00+11:00")), hours.WindowOf(At("2026-04-05T01:45:00+11:00")));
        Assert.Equal(new Window(At("2026-04-05T01:30:00+10:30"), At("2026-04-05T02:00:00+10:30")), hours.WindowOf(At("2026-04-05T01:45:00+10:30")));
        Assert.Equal(new Window(At("2026-04-05T02:00:00+10:30"), At("2026-04-05T03:00:00+10:30")), hours.WindowOf(At("2026-04-05T02:00:00+10:30")));
    }

    [Theory]
    [InlineData(2028, 2, 29)]
    [InlineData(2026, 2, 28)]
    [InlineData(2026, 1, 31)]
    [InlineData(2026, 4, 30)]
    [InlineData(2000, 2, 29)]
    [InlineData(1900, 2, 28)]
    public void Month_windows_have_the_calendar_length(int year, int month, int days)
    {
        var window = WindowOf(CalendarUnit.Month, "UTC", Utc($"{year:D4}-{month:D2}-15T12:00:00Z"));

        Assert.Equal(Utc($"{year:D4}-{month:D2}-01T00:00:00Z"), window.Start);
        Assert.Equal(days * Day, window.LengthMs);
    }

    [Fact]
    public void Leap_february_2028_in_berlin_is_29_local_days()
    {
        var months = new CalendarWindows(CalendarUnit.Month, Berlin);

        var february = months.WindowOf(Utc("2028-02-29T12:00:00Z"));

        Assert.Equal(W("2028-01-31T23:00:00Z", "2028-02-29T23:00:00Z"), february);
        Assert.Equal(29 * Day, february.LengthMs);
        // March holds the spring switch: 31 days less an hour.
        Assert.Equal(31 * Day - Hour, months.WindowOf(february.End).LengthMs);
    }

    [Fact]
    public void Tokyo_month_boundary_is_15_00_utc_the_previous_day()
    {
        var months = new CalendarWindows(CalendarUnit.Month, Zone("Asia/Tokyo"));

        Assert.Equal(W("2026-03-31T15:00:00Z", "2026-04-30T15:00:00Z"), months.WindowOf(Utc("2026-03-31T15:00:00Z")));
        Assert.Equal(W("2026-02-28T15:00:00Z", "2026-03-31T15:00:00Z"), months.WindowOf(Utc("2026-03-31T14:59:59.999Z")));
    }

    [Fact]
    public void Iso_week_53_of_2026_runs_from_monday_december_28_to_sunday_january_3()
    {
        Assert.Equal(53, WeekYearRules.Iso.GetWeekOfWeekYear(new LocalDate(2026, 12, 28)));

        var window = WindowOf(CalendarUnit.Week, "UTC", Utc("2027-01-03T23:59:59.999Z"));

        Assert.Equal(W("2026-12-28T00:00:00Z", "2027-01-04T00:00:00Z"), window);
        Assert.Equal(W("2027-01-04T00:00:00Z", "2027-01-11T00:00:00Z"), WindowOf(CalendarUnit.Week, "UTC", window.End));
        Assert.Equal(W("2026-12-21T00:00:00Z", "2026-12-28T00:00:00Z"), WindowOf(CalendarUnit.Week, "UTC", window.Start - 1));
    }

    [Fact]
    public void Weeks_start_on_the_configured_day_in_the_zone()
    {
        var sundayWeek = WindowOf(CalendarUnit.Week, "Europe/Berlin", Utc("2026-12-30T12:00:00Z"), IsoDayOfWeek.Sunday);
        var berlinIsoWeek = WindowOf(CalendarUnit.Week, "Europe/Berlin", Utc("2026-12-30T12:00:00Z"));

        Assert.Equal(W("2026-12-26T23:00:00Z", "2027-01-02T23:00:00Z"), sundayWeek);
        Assert.Equal(W("2026-12-27T23:00:00Z", "2027-01-03T23:00:00Z"), berlinIsoWeek);
        // A week holding the autumn switch is 7 days and an hour.
        Assert.Equal(7 * Day + Hour, WindowOf(CalendarUnit.Week, "Europe/Berlin", Utc("2026-10-25T12:00:00Z")).LengthMs);
    }

    [Fact]
    public void Calendar_windows_handle_timestamps_before_the_epoch()
    {
        var window = WindowOf(CalendarUnit.Day, "Europe/Berlin", -1);

        Assert.Equal(new Window(-Hour - Day, -Hour), WindowOf(CalendarUnit.Day, "Europe/Berlin", -Hour - 1));
        Assert.Equal(new Window(-Hour, Day - Hour), window);
        Assert.Equal(W("1969-12-01T00:00:00Z", "1970-01-01T00:00:00Z"), WindowOf(CalendarUnit.Month, "UTC", -1));
    }

    [Fact]
    public void A_skipped_day_has_no_window_and_the_day_before_ends_where_the_next_begins()
    {
        // Samoa skipped 2011-12-30, jumping from -10:00 to +14:00.
        var day = WindowOf(CalendarUnit.Day, "Pacific/Apia", Utc("2011-12-30T09:59:59.999Z"));

        Assert.Equal(new Window(At("2011-12-29T00:00:00-10:00"), At("2011-12-31T00:00:00+14:00")), day);
        Assert.Equal(Day, day.LengthMs);
        Assert.Equal(At("2011-12-31T00:00:00+14:00"), WindowOf(CalendarUnit.Day, "Pacific/Apia", day.End).Start);
    }

    [Fact]
    public void Descriptions_name_unit_zone_and_first_day()
    {
        Assert.Equal("calendar(unit=day, zone=Europe/Berlin)", new CalendarWindows(CalendarUnit.Day, Berlin).Description);
        Assert.Equal("calendar(unit=hour, zone=Europe/Berlin)", new CalendarWindows(CalendarUnit.Hour, Berlin).Description);
        Assert.Equal(
            "calendar(unit=week, zone=America/New_York, firstDayOfWeek=sunday)",
            new CalendarWindows(CalendarUnit.Week, Zone("America/New_York"), IsoDayOfWeek.Sunday).Description);
    }

    [Fact]
    public void Cached_lookups_do_not_allocate()
    {
        var days = new CalendarWindows(CalendarUnit.Day, Berlin);
        var windows = new List<Window>(4);
        var t = Utc("2026-10-25T12:00:00Z");
        for (var i = 0; i < 100; i++)
        {
            windows.Clear();
            days.Assign(t + i, windows);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            windows.Clear();
            days.Assign(t + i * Second, windows);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    public static TheoryData<string, CalendarUnit> ZonesAndUnits()
    {
        var data = new TheoryData<string, CalendarUnit>();
        foreach (var zone in InterestingZones)
        {
            foreach (var unit in Enum.GetValues<CalendarUnit>())
            {
                data.Add(zone, unit);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ZonesAndUnits))]
    public void Property_calendar_assigns_one_window_that_contains_the_timestamp_and_tiles_time(string zoneId, CalendarUnit unit)
    {
        var zone = Zone(zoneId);
        var calendar = new CalendarWindows(unit, zone, IsoDayOfWeek.Monday);

        Prop.ForAll(Arb.From(TimestampsNear(zoneId)), t =>
        {
            var windows = Assign(calendar, t);
            Assert.Single(windows);
            var window = windows[0];
            Assert.True(window.Contains(t), $"{window} does not contain {t}");
            Assert.InRange(window.LengthMs, 1, calendar.MaxSizeMs);

            // Neighbours touch: no gaps, no overlaps.
            var fresh = new CalendarWindows(unit, zone);
            Assert.Equal(window.End, fresh.WindowOf(window.End).Start);
            Assert.Equal(window.Start, fresh.WindowOf(window.Start - 1).End);
            Assert.Equal(window, fresh.WindowOf(window.End - 1));
            Assert.Equal(window, fresh.WindowOf(window.Start));

            // A period starts at the first instant of its first local date (or of the next existing date).
            var label = calendar.LabelOf(t);
            if (unit != CalendarUnit.Hour)
            {
                Assert.Equal(ZoneTime.StartOf(zone, label.Date.AtMidnight()).ToUnixTimeMilliseconds(), window.Start);
            }

            switch (unit)
            {
                case CalendarUnit.Week:
                    Assert.Equal(IsoDayOfWeek.Monday, label.DayOfWeek);
                    break;
                case CalendarUnit.Month:
                    Assert.Equal(1, label.Day);
                    break;
                case CalendarUnit.Hour:
                    Assert.InRange(window.LengthMs, 1, Hour);
                    Assert.Equal(zone.GetUtcOffset(Instant.FromUnixTimeMilliseconds(window.Start)), zone.GetUtcOffset(Instant.FromUnixTimeMilliseconds(window.End - 1)));
                    break;
                default:
                    break;
            }
        }).Check(Quick);
    }

    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("America/Havana")]
    [InlineData("Pacific/Apia")]
    [InlineData("America/Sitka")]
    [InlineData("Asia/Kathmandu")]
    public void Property_hours_nest_in_days_nest_in_months(string zoneId)
    {
        var zone = Zone(zoneId);
        var hours = new CalendarWindows(CalendarUnit.Hour, zone);
        var days = new CalendarWindows(CalendarUnit.Day, zone);
        var months = new CalendarWindows(CalendarUnit.Month, zone);

        Prop.ForAll(Arb.From(TimestampsNear(zoneId)), t =>
        {
            var hour = hours.WindowOf(t);
            var day = days.WindowOf(t);
            var month = months.WindowOf(t);
            Assert.True(day.Start <= hour.Start && hour.End <= day.End, $"{hour} not in {day}");
            Assert.True(month.Start <= day.Start && day.End <= month.End, $"{day} not in {month}");
        }).Check(Quick);
    }

    [Fact]
    public void Property_weeks_with_any_first_day_start_on_that_day()
    {
        var gen =
            from day in Gen.Elements(Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None).ToArray())
            from t in TimestampsNear("Europe/Berlin")
            select (day, t);

        Prop.ForAll(Arb.From(gen), input =>
        {
            var (day, t) = input;
            var weeks = new CalendarWindows(CalendarUnit.Week, Berlin, day);
            var window = weeks.WindowOf(t);
            Assert.True(window.Contains(t));
            Assert.Equal(day, weeks.LabelOf(t).DayOfWeek);
            Assert.Equal(window.End, weeks.WindowOf(window.End).Start);
        }).Check(Quick);
    }

    private static List<Window> HourWindowsIn(CalendarWindows hours, Window day)
    {
        var windows = new List<Window>();
        for (var t = day.Start; t < day.End; t = windows[^1].End)
        {
            windows.Add(hours.WindowOf(t));
        }

        return windows;
    }
}
