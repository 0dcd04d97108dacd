namespace Kappa.Contracts.Definitions;

/// <summary>
/// The event-time windows of a view: one of the sealed derived records, told apart by <see cref="Kind"/> or
/// by type. All durations are positive whole milliseconds.
/// </summary>
/// <param name="Location">The <c>window</c> mapping in the file.</param>
public abstract record WindowSpec(SourceLocation Location)
{
    /// <summary>The window shape.</summary>
    public abstract WindowKind Kind { get; }
}

/// <summary><c>window: { tumbling: 1h }</c>: consecutive windows of <paramref name="Size"/>.</summary>
/// <param name="Size">The window length.</param>
/// <param name="Location">The <c>window</c> mapping.</param>
public sealed record TumblingWindowSpec(TimeSpan Size, SourceLocation Location) : WindowSpec(Location)
{
    /// <inheritdoc/>
    public override WindowKind Kind => WindowKind.Tumbling;
}

/// <summary>
/// <c>window: { hopping: { size: 10m, advance: 1m } }</c>: windows of <paramref name="Size"/> starting every
/// <paramref name="Advance"/>. Invariant: <c>Advance &lt;= Size</c>.
/// </summary>
/// <param name="Size">The window length.</param>
/// <param name="Advance">The distance between window starts.</param>
/// <param name="Location">The <c>window</c> mapping.</param>
public sealed record HoppingWindowSpec(TimeSpan Size, TimeSpan Advance, SourceLocation Location) : WindowSpec(Location)
{
    /// <inheritdoc/>
    public override WindowKind Kind => WindowKind.Hopping;
}

/// <summary><c>window: { sliding: 10m }</c>: for each event, the events within <paramref name="Size"/> before it.</summary>
/// <param name="Size">The window length.</param>
/// <param name="Location">The <c>window</c> mapping.</param>
public sealed record SlidingWindowSpec(TimeSpan Size, SourceLocation Location) : WindowSpec(Location)
{
    /// <inheritdoc/>
    public override WindowKind Kind => WindowKind.Sliding;
}

/// <summary><c>window: { session: { gap: 30m } }</c>: a key's events less than <paramref name="Gap"/> apart share a window.</summary>
/// <param name="Gap">The inactivity that closes a session.</param>
/// <param name="Location">The <c>window</c> mapping.</param>
public sealed record SessionWindowSpec(TimeSpan Gap, SourceLocation Location) : WindowSpec(Location)
{
    /// <inheritdoc/>
    public override WindowKind Kind => WindowKind.Session;
}

/// <summary>
/// <c>window: { calendar: week, week-start: sunday }</c>: calendar periods in the view's time zone.
/// Invariant: <paramref name="WeekStart"/> is non-null exactly when <paramref name="Unit"/> is
/// <see cref="CalendarUnit.Week"/> (Monday unless written otherwise, as in ISO 8601).
/// </summary>
/// <param name="Unit">The calendar period.</param>
/// <param name="WeekStart">The first day of a week, for weekly windows only.</param>
/// <param name="Location">The <c>window</c> mapping.</param>
public sealed record CalendarWindowSpec(CalendarUnit Unit, DayOfWeek? WeekStart, SourceLocation Location) : WindowSpec(Location)
{
    /// <inheritdoc/>
    public override WindowKind Kind => WindowKind.Calendar;
}
