using System.Globalization;

namespace Kappa.Contracts;

/// <summary>
/// The event-time rules every part of Kappa shares. An event time is Unix milliseconds within
/// [<see cref="MinMs"/>, <see cref="MaxMs"/>] (years 1000 to 9000): wide enough for any real data, and far
/// enough from the limits of <see cref="DateTimeOffset"/> that window ends, grace periods and watermarks can
/// never overflow. Text timestamps are ISO-8601 with a date, a time and an offset; nothing is filled in
/// from the clock, so the same text always means the same instant.
/// </summary>
public static class EventTimestamps
{
    /// <summary>The earliest accepted event time: 1000-01-01T00:00:00Z.</summary>
    public static readonly long MinMs = new DateTimeOffset(1000, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>The latest accepted event time: 9000-01-01T00:00:00Z.</summary>
    public static readonly long MaxMs = new DateTimeOffset(9000, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd' 'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>Whether a Unix-millisecond time is within the accepted range.</summary>
    public static bool InRange(long unixMs) => unixMs >= MinMs && unixMs <= MaxMs;

    /// <summary>
    /// Parses an ISO-8601 timestamp that has a date, a time and an offset (<c>Z</c> or <c>+01:00</c>) into Unix
    /// milliseconds within range. Partial forms such as <c>10:30</c> or <c>May 5</c> are refused: accepting them
    /// would take the missing parts from today's date and make results depend on when they were computed.
    /// </summary>
    public static bool TryParseIso8601(ReadOnlySpan<char> text, out long unixMs)
    {
        unixMs = 0;
        if (text.Length < 16 || !HasOffset(text))
        {
            return false;
        }

        if (!DateTimeOffset.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return false;
        }

        unixMs = time.ToUnixTimeMilliseconds();
        return InRange(unixMs);
    }

    private static bool HasOffset(ReadOnlySpan<char> text)
    {
        if (text[^1] is 'Z' or 'z')
        {
            return true;
        }

        // +hh:mm or -hh:mm after the time part.
        return text.Length >= 6 && text[^6] is '+' or '-' && text[^3] == ':';
    }
}
