using Kappa.Contracts.Definitions;
using NodaTime;

namespace Kappa.Processor.Windows;

/// <summary>
/// Builds window types from already-parsed configuration values (sizes as <see cref="TimeSpan"/>,
/// calendar units, time-zone ids). Invalid values raise <see cref="ArgumentException"/> (or
/// <see cref="ArgumentOutOfRangeException"/>) with a message fit to show the person who wrote the
/// configuration.
/// </summary>
public static class WindowAssigners
{
    /// <summary>Epoch-aligned tumbling windows; see <see cref="TumblingWindows"/>.</summary>
    public static TumblingWindows Tumbling(TimeSpan size, TimeSpan offset = default) => new(size, offset);

    /// <summary>Epoch-aligned hopping windows; size must be a multiple of advance; see <see cref="HoppingWindows"/>.</summary>
    public static HoppingWindows Hopping(TimeSpan size, TimeSpan advance, TimeSpan offset = default) => new(size, advance, offset);

    /// <summary>Local calendar windows in the IANA zone <paramref name="zoneId"/>; see <see cref="CalendarWindows"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="zoneId"/> is not a known IANA zone id.</exception>
    public static CalendarWindows Calendar(CalendarUnit unit, string zoneId, IsoDayOfWeek firstDayOfWeek = IsoDayOfWeek.Monday) =>
        new(unit, Zone(zoneId), firstDayOfWeek);

    /// <summary>Local calendar windows with the first day of the week given as a <see cref="DayOfWeek"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="zoneId"/> is not a known IANA zone id.</exception>
    public static CalendarWindows Calendar(CalendarUnit unit, string zoneId, DayOfWeek firstDayOfWeek) =>
        new(unit, Zone(zoneId), firstDayOfWeek == DayOfWeek.Sunday ? IsoDayOfWeek.Sunday : (IsoDayOfWeek)(int)firstDayOfWeek);

    /// <summary>
    /// Business-hours windows in the IANA zone <paramref name="zoneId"/>; by default 09:00–17:00,
    /// Monday to Friday. See <see cref="BusinessHoursWindows"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="zoneId"/> is not a known IANA zone id, or the hours are invalid.</exception>
    public static BusinessHoursWindows BusinessHours(string zoneId, TimeOnly? open = null, TimeOnly? close = null, IEnumerable<DayOfWeek>? days = null) =>
        new(
            Zone(zoneId),
            open is { } o ? LocalTime.FromTimeOnly(o) : null,
            close is { } c ? LocalTime.FromTimeOnly(c) : null,
            days?.Select(day => day == DayOfWeek.Sunday ? IsoDayOfWeek.Sunday : (IsoDayOfWeek)(int)day).ToArray());

    /// <summary>Session windows with the given inactivity gap; see <see cref="SessionWindows"/>.</summary>
    public static SessionWindows Session(TimeSpan gap) => new(gap);

    /// <summary>Sliding windows with the given time difference; see <see cref="SlidingWindows"/>.</summary>
    public static SlidingWindows Sliding(TimeSpan timeDifference) => new(timeDifference);

    /// <summary>
    /// The IANA time zone <paramref name="zoneId"/> from NodaTime's embedded TZDB (ids are
    /// case-sensitive, e.g. <c>Europe/Berlin</c>, <c>UTC</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The id is empty or not a known zone; the message names it.</exception>
    public static DateTimeZone Zone(string zoneId)
    {
        if (string.IsNullOrWhiteSpace(zoneId))
        {
            throw new ArgumentException("A time zone id is required, e.g. 'Europe/Berlin'.", nameof(zoneId));
        }

        return DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId)
            ?? throw new ArgumentException(
                $"Unknown time zone '{zoneId}': expected an IANA zone id such as 'Europe/Berlin' or 'UTC' (TZDB {DateTimeZoneProviders.Tzdb.VersionId}).",
                nameof(zoneId));
    }
}
