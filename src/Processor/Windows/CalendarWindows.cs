using Kappa.Contracts.Definitions;
using NodaTime;

namespace Kappa.Processor.Windows;

/// <summary>
/// Windows that are the local calendar periods (hours, days, weeks, months) of an IANA time zone,
/// expressed as UTC instants. Every instant is in exactly one window, and consecutive windows tile
/// time with no gaps or overlaps.
/// </summary>
/// <remarks>
/// <para>
/// <b>Days, weeks, months.</b> The window of a local period that begins on date <c>D</c> and ends
/// when the next period begins on date <c>D'</c> is <c>[start(D), start(D'))</c>, where
/// <c>start(D)</c> is the first instant of date <c>D</c> in the zone
/// (<see cref="DateTimeZone.AtStartOfDay"/>): local midnight, or the first instant after the gap
/// when midnight is skipped by a DST switch, or the first occurrence when midnight happens twice.
/// So a Europe/Berlin day is 23 h on the spring switch day and 25 h on the autumn one, months are 28
/// to 31 local days long (29 for a leap February), and a week starts on the configured first day
/// (Monday gives ISO weeks, including ISO week 53). A date that a zone skips entirely (e.g.
/// Pacific/Apia on 2011-12-30) has no window; the previous day's window ends where the next existing
/// day begins. An instant is placed by comparing instants, not local labels, so the one window
/// containing it is always found, even where a transition moves the local date backwards.
/// </para>
/// <para>
/// <b>Hours.</b> An hour window is the set of instants that share both the local clock hour
/// (<c>yyyy-MM-dd HH</c>) and the UTC offset, which is always one contiguous interval of at most one
/// hour. Where the clocks go back, the repeated local hour therefore gives <b>two distinct windows</b>
/// with the same local label and different offsets: on 2026-10-25 in Europe/Berlin, local 02:00
/// is <c>[00:00Z, 01:00Z)</c> at +02:00 and again <c>[01:00Z, 02:00Z)</c> at +01:00. Windows are
/// identified by their instants, so the two never collide; a view that renders local labels should
/// show the offset too. A skipped local hour has no window (Berlin's 02:00 on 2026-03-29); a
/// half-hour shift (Australia/Lord_Howe) cuts the affected hour into a 30-minute window. Hour
/// windows nest inside day windows.
/// </para>
/// <para>
/// Results depend on the time-zone rules NodaTime ships (a TZDB release). Replays are identical
/// as long as the rules are; a rules update that changes a zone's past or future offsets changes its
/// windows for the affected dates. Timestamps must lie within NodaTime's range (about years -9998 to
/// 9999), otherwise <see cref="Assign"/> throws <see cref="ArgumentOutOfRangeException"/>.
/// </para>
/// <para>Instances are immutable apart from a one-window cache, and are safe to share between threads.</para>
/// </remarks>
public sealed class CalendarWindows : IWindowAssigner
{
    private const long HourMs = 3_600_000L;
    private const long DayMs = 86_400_000L;

    // The last window computed, so events that stay in one period skip the zone arithmetic. Replaced
    // whole (a reference write is atomic), so concurrent readers see either the old or the new one.
    private CachedWindow? _last;

    /// <summary>Creates calendar windows.</summary>
    /// <param name="unit">The calendar period each window spans.</param>
    /// <param name="zone">The zone whose local calendar defines the periods, e.g. <c>DateTimeZoneProviders.Tzdb["Europe/Berlin"]</c>.</param>
    /// <param name="firstDayOfWeek">The day weeks begin on (only used by <see cref="CalendarUnit.Week"/>); Monday gives ISO weeks.</param>
    public CalendarWindows(CalendarUnit unit, DateTimeZone zone, IsoDayOfWeek firstDayOfWeek = IsoDayOfWeek.Monday)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (!Enum.IsDefined(unit))
        {
            throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown calendar unit.");
        }

        if (firstDayOfWeek is < IsoDayOfWeek.Monday or > IsoDayOfWeek.Sunday)
        {
            throw new ArgumentOutOfRangeException(nameof(firstDayOfWeek), firstDayOfWeek, "Not a day of the week.");
        }

        Unit = unit;
        Zone = zone;
        FirstDayOfWeek = firstDayOfWeek;
        var swing = ZoneTime.OffsetSwingMs(zone);
        MaxSizeMs = unit switch
        {
            CalendarUnit.Hour => HourMs,
            CalendarUnit.Day => DayMs + swing,
            CalendarUnit.Week => 7 * DayMs + swing,
            _ => 31 * DayMs + swing,
        };
        var unitName = unit.ToString().ToLowerInvariant();
        Description = unit == CalendarUnit.Week
            ? $"calendar(unit={unitName}, zone={zone.Id}, firstDayOfWeek={ZoneTime.DayName(firstDayOfWeek)})"
            : $"calendar(unit={unitName}, zone={zone.Id})";
    }

    /// <summary>The calendar period each window spans.</summary>
    public CalendarUnit Unit { get; }

    /// <summary>The zone whose local calendar defines the periods.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>The first day of a week (used by <see cref="CalendarUnit.Week"/> only).</summary>
    public IsoDayOfWeek FirstDayOfWeek { get; }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>
    /// A safe upper bound: one hour for hours (an hour window never spans an offset change);
    /// otherwise the longest nominal period (24 h, 7 d, 31 d) plus the zone's largest offset swing
    /// (<see cref="DateTimeZone.MaxOffset"/> − <see cref="DateTimeZone.MinOffset"/>).
    /// </summary>
    public long MaxSizeMs { get; }

    /// <inheritdoc />
    public void Assign(long timestampMs, List<Window> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        windows.Add(WindowOf(timestampMs));
    }

    /// <summary>The single window containing <paramref name="timestampMs"/>.</summary>
    public Window WindowOf(long timestampMs)
    {
        var last = Volatile.Read(ref _last);
        if (last is not null && last.Window.Contains(timestampMs))
        {
            return last.Window;
        }

        var window = Compute(ZoneTime.ToInstant(timestampMs));
        Volatile.Write(ref _last, new CachedWindow(window));
        return window;
    }

    /// <summary>
    /// The local label of the window containing <paramref name="timestampMs"/>: its first instant in
    /// the zone (local date-time and offset). Two hour windows with the same local hour differ in offset.
    /// </summary>
    public ZonedDateTime LabelOf(long timestampMs) => ZoneTime.ToInstant(WindowOf(timestampMs).Start).InZone(Zone);

    /// <inheritdoc />
    public override string ToString() => Description;

    private Window Compute(Instant instant) =>
        Unit == CalendarUnit.Hour ? HourOf(instant) : PeriodOf(instant);

    private Window PeriodOf(Instant instant)
    {
        var period = PeriodStartDate(instant.InZone(Zone).Date);
        var start = ZoneTime.StartOf(Zone, period.AtMidnight());
        while (instant < start)
        {
            period = Step(period, -1);
            start = ZoneTime.StartOf(Zone, period.AtMidnight());
        }

        var next = Step(period, 1);
        var end = ZoneTime.StartOf(Zone, next.AtMidnight());
        while (instant >= end)
        {
            start = end;
            next = Step(next, 1);
            end = ZoneTime.StartOf(Zone, next.AtMidnight());
        }

        return new Window(start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds());
    }

    private LocalDate PeriodStartDate(LocalDate date) => Unit switch
    {
        CalendarUnit.Day => date,
        CalendarUnit.Week => date.With(DateAdjusters.PreviousOrSame(FirstDayOfWeek)),
        _ => new LocalDate(date.Year, date.Month, 1),
    };

    private LocalDate Step(LocalDate periodStart, int direction) => Unit switch
    {
        CalendarUnit.Day => periodStart.PlusDays(direction),
        CalendarUnit.Week => periodStart.PlusDays(7 * direction),
        _ => periodStart.PlusMonths(direction),
    };

    private Window HourOf(Instant instant)
    {
        var interval = Zone.GetZoneInterval(instant);
        var offset = interval.WallOffset;
        var local = instant.WithOffset(offset).LocalDateTime;
        var hourStartLocal = local.Date + new LocalTime(local.Hour, 0);
        var start = new OffsetDateTime(hourStartLocal, offset).ToInstant();
        var end = start + Duration.FromHours(1);

        // Clamp to the run of zone intervals around the instant that share its wall offset.
        var earlier = interval;
        while (earlier.HasStart && earlier.Start > start)
        {
            var previous = Zone.GetZoneInterval(earlier.Start - Duration.Epsilon);
            if (previous.WallOffset != offset)
            {
                start = earlier.Start;
                break;
            }

            earlier = previous;
        }

        var later = interval;
        while (later.HasEnd && later.End < end)
        {
            var next = Zone.GetZoneInterval(later.End);
            if (next.WallOffset != offset)
            {
                end = later.End;
                break;
            }

            later = next;
        }

        return new Window(start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds());
    }

    private sealed class CachedWindow(Window window)
    {
        public Window Window { get; } = window;
    }
}
