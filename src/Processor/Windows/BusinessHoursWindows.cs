using NodaTime;

namespace Kappa.Processor.Windows;

/// <summary>
/// A custom assigner: one window per business day covering the opening hours in a time zone,
/// by default 09:00–17:00 local time, Monday to Friday. Events outside business hours belong to
/// <b>no window</b>: <see cref="Assign"/> appends nothing for them, and a pipeline using this
/// assigner drops them from the view (they stay in the log).
/// </summary>
/// <remarks>
/// <para>
/// The window of a business day <c>D</c> is <c>[start(D + open), start(D + close))</c>, where
/// <c>start(local)</c> is the first instant the zone's clock reads that local time (the first
/// instant after the gap if it is skipped, the first occurrence if it is repeated). So a DST switch
/// inside business hours makes that day's window an hour shorter or longer, like a calendar day.
/// An instant belongs to the window of its own local date when that date is a business day and the
/// instant lies in the window. (A zone whose offset change moved the local date during business
/// hours would need the neighbouring dates checked too; no zone in the TZDB does that within usual
/// opening hours, and none is handled.)
/// </para>
/// <para>
/// Opening hours must close after they open on the same day (no overnight shifts), and there are
/// no holidays: every configured weekday is a business day.
/// </para>
/// </remarks>
public sealed class BusinessHoursWindows : IWindowAssigner
{
    private static readonly IsoDayOfWeek[] Weekdays =
        [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday];

    private readonly int _dayMask;

    /// <summary>Creates business-hours windows.</summary>
    /// <param name="zone">The zone whose local clock the opening hours are in.</param>
    /// <param name="open">The local opening time; 09:00 when null.</param>
    /// <param name="close">The local closing time (exclusive), after <paramref name="open"/>; 17:00 when null.</param>
    /// <param name="days">The business days; Monday to Friday when null. Must not be empty.</param>
    public BusinessHoursWindows(DateTimeZone zone, LocalTime? open = null, LocalTime? close = null, IEnumerable<IsoDayOfWeek>? days = null)
    {
        ArgumentNullException.ThrowIfNull(zone);
        Zone = zone;
        Open = open ?? new LocalTime(9, 0);
        Close = close ?? new LocalTime(17, 0);
        if (Close <= Open)
        {
            throw new ArgumentException($"Business hours must close after they open on the same day; got {Open:HH:mm}–{Close:HH:mm}.", nameof(close));
        }

        foreach (var day in days ?? Weekdays)
        {
            if (day is < IsoDayOfWeek.Monday or > IsoDayOfWeek.Sunday)
            {
                throw new ArgumentOutOfRangeException(nameof(days), day, "Not a day of the week.");
            }

            _dayMask |= 1 << (int)day;
        }

        if (_dayMask == 0)
        {
            throw new ArgumentException("At least one business day is required.", nameof(days));
        }

        var dayNames = new List<string>();
        for (var day = IsoDayOfWeek.Monday; day <= IsoDayOfWeek.Sunday; day++)
        {
            if (IsBusinessDay(day))
            {
                dayNames.Add(ZoneTime.DayName(day)[..3]);
            }
        }

        Description = $"business-hours(zone={zone.Id}, open={Open:HH:mm}, close={Close:HH:mm}, days={string.Join(',', dayNames)})";
        MaxSizeMs = (long)(Close - Open).ToDuration().TotalMilliseconds + ZoneTime.OffsetSwingMs(zone);
    }

    /// <summary>The zone whose local clock the opening hours are in.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>The local opening time (inclusive).</summary>
    public LocalTime Open { get; }

    /// <summary>The local closing time (exclusive).</summary>
    public LocalTime Close { get; }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>The opening hours' nominal length plus the zone's largest offset swing.</summary>
    public long MaxSizeMs { get; }

    /// <summary>Whether <paramref name="day"/> is a business day.</summary>
    public bool IsBusinessDay(IsoDayOfWeek day) => (_dayMask & (1 << (int)day)) != 0;

    /// <summary>The business-hours window of <paramref name="date"/>, or null when it is not a business day.</summary>
    public Window? WindowOn(LocalDate date)
    {
        if (!IsBusinessDay(date.DayOfWeek))
        {
            return null;
        }

        var start = ZoneTime.StartOf(Zone, date + Open).ToUnixTimeMilliseconds();
        var end = ZoneTime.StartOf(Zone, date + Close).ToUnixTimeMilliseconds();
        return new Window(start, end);
    }

    /// <inheritdoc />
    public void Assign(long timestampMs, List<Window> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var date = ZoneTime.ToInstant(timestampMs).InZone(Zone).Date;
        if (WindowOn(date) is { } window && window.Contains(timestampMs))
        {
            windows.Add(window);
        }
    }

    /// <inheritdoc />
    public override string ToString() => Description;
}
