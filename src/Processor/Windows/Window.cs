namespace Kappa.Processor.Windows;

/// <summary>
/// An event-time window: the half-open interval <c>[Start, End)</c> of UTC instants in Unix
/// milliseconds. A timestamp <c>t</c> is in the window when <c>Start &lt;= t &lt; End</c>; the end
/// instant belongs to the next window. Every window type in this library (tumbling, hopping,
/// calendar, business hours, sessions, sliding) is expressed in this one form, so containment,
/// ordering and retention work the same way everywhere.
/// </summary>
/// <param name="Start">The first instant in the window (inclusive), Unix milliseconds UTC.</param>
/// <param name="End">The first instant after the window (exclusive), Unix milliseconds UTC.</param>
public readonly record struct Window(long Start, long End) : IComparable<Window>
{
    /// <summary>The length of the window in milliseconds (<c>End - Start</c>).</summary>
    public long LengthMs => End - Start;

    /// <summary>Whether <paramref name="timestampMs"/> lies in <c>[Start, End)</c>.</summary>
    public bool Contains(long timestampMs) => timestampMs >= Start && timestampMs < End;

    /// <summary>
    /// Orders by <see cref="Start"/>, then by <see cref="End"/>: the order in which assigners emit
    /// windows and the order of a key's sessions.
    /// </summary>
    public int CompareTo(Window other)
    {
        var byStart = Start.CompareTo(other.Start);
        return byStart != 0 ? byStart : End.CompareTo(other.End);
    }

    /// <summary>Compares by <see cref="CompareTo"/>.</summary>
    public static bool operator <(Window left, Window right) => left.CompareTo(right) < 0;

    /// <summary>Compares by <see cref="CompareTo"/>.</summary>
    public static bool operator <=(Window left, Window right) => left.CompareTo(right) <= 0;

    /// <summary>Compares by <see cref="CompareTo"/>.</summary>
    public static bool operator >(Window left, Window right) => left.CompareTo(right) > 0;

    /// <summary>Compares by <see cref="CompareTo"/>.</summary>
    public static bool operator >=(Window left, Window right) => left.CompareTo(right) >= 0;

    /// <summary>Renders as <c>[start, end)</c> with ISO-8601 UTC instants, for logs and test output.</summary>
    public override string ToString() => $"[{Format(Start)}, {Format(End)})";

    private static string Format(long ms) =>
        ms >= MinDateTimeMs && ms <= MaxDateTimeMs
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture)
            : ms.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private const long MinDateTimeMs = -62_135_596_800_000L;
    private const long MaxDateTimeMs = 253_402_300_799_999L;
}
