using NodaTime;

namespace Kappa.Processor.Windows;

/// <summary>Time-zone helpers shared by the calendar-based assigners.</summary>
internal static class ZoneTime
{
    /// <summary>
    /// The earliest instant at which the local clock in <paramref name="zone"/> reads
    /// <paramref name="local"/> or, when that local time is skipped (a DST gap, or a whole skipped
    /// day), the first instant after the gap. For a local time that occurs twice (the clocks go back)
    /// this is the first occurrence. It agrees with <see cref="DateTimeZone.AtStartOfDay"/> for
    /// midnights, but also handles entirely skipped days (where NodaTime throws) by moving on to the
    /// next instant that exists. It never decreases as <paramref name="local"/> increases, which is
    /// what makes periods built from it tile time.
    /// </summary>
    public static Instant StartOf(DateTimeZone zone, LocalDateTime local)
    {
        var mapping = zone.MapLocal(local);
        return mapping.Count > 0 ? mapping.First().ToInstant() : mapping.LateInterval.Start;
    }

    /// <summary>The largest change of UTC offset the zone has ever had, in milliseconds: a bound on how much
    /// longer than nominal a local period can be.</summary>
    public static long OffsetSwingMs(DateTimeZone zone) =>
        (zone.MaxOffset.Seconds - (long)zone.MinOffset.Seconds) * 1_000L;

    /// <summary>The instant for a Unix millisecond timestamp; throws <see cref="ArgumentOutOfRangeException"/>
    /// outside NodaTime's range (about years -9998 to 9999).</summary>
    public static Instant ToInstant(long timestampMs) => Instant.FromUnixTimeMilliseconds(timestampMs);

    public static string DayName(IsoDayOfWeek day) => day switch
    {
        IsoDayOfWeek.Monday => "monday",
        IsoDayOfWeek.Tuesday => "tuesday",
        IsoDayOfWeek.Wednesday => "wednesday",
        IsoDayOfWeek.Thursday => "thursday",
        IsoDayOfWeek.Friday => "friday",
        IsoDayOfWeek.Saturday => "saturday",
        IsoDayOfWeek.Sunday => "sunday",
        _ => throw new ArgumentOutOfRangeException(nameof(day), day, "Not a day of the week."),
    };
}
