namespace Kappa.Contracts.Definitions;

/// <summary>
/// Where a view's event time comes from and how late events may be. Written as
/// <c>time: { field: ts, timezone: Europe/Berlin, max-disorder: 5m, grace: 1h }</c>; every key is optional.
/// Invariants: <see cref="MaxDisorder"/> and <see cref="Grace"/> are zero or positive whole milliseconds.
/// </summary>
/// <param name="Field">The dotted path of the event-time field, or null for the record timestamp.</param>
/// <param name="TimeZone">The IANA time zone id as written (not yet resolved), or null for UTC.</param>
/// <param name="MaxDisorder">How far behind the greatest event time seen an event may arrive and still be in order; zero when absent.</param>
/// <param name="Grace">How long after a window's end late events still update it; zero when absent (there is no hidden default).</param>
/// <param name="Location">The <c>time</c> mapping, or the view when <c>time</c> is absent.</param>
/// <param name="TimeZoneLocation">The time zone value, for errors found when resolving it; null when there is none.</param>
public sealed record TimeSpec(
    string? Field,
    string? TimeZone,
    TimeSpan MaxDisorder,
    TimeSpan Grace,
    SourceLocation Location,
    SourceLocation? TimeZoneLocation = null);
