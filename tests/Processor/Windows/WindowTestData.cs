using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Kappa.Processor.Windows;
using NodaTime;
using NodaTime.Text;

namespace Kappa.Processor.Tests.Windows;

/// <summary>Instants, zones and generators shared by the window tests.</summary>
internal static class WindowTestData
{
    public const long Second = 1_000L;
    public const long Minute = 60 * Second;
    public const long Hour = 60 * Minute;
    public const long Day = 24 * Hour;

    public static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(500);
    public static readonly Config Thorough = Config.QuickThrowOnFailure.WithMaxTest(2_000);

    /// <summary>Unix milliseconds of an ISO-8601 UTC instant such as <c>2026-03-29T01:00:00Z</c>.</summary>
    public static long Utc(string iso) =>
        DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
            .ToUnixTimeMilliseconds();

    /// <summary>Unix milliseconds of a local time with an explicit offset, e.g. <c>2026-10-25T02:30:00+01:00</c>.</summary>
    public static long At(string isoWithOffset) =>
        OffsetDateTimePattern.ExtendedIso.Parse(isoWithOffset).GetValueOrThrow().ToInstant().ToUnixTimeMilliseconds();

    public static DateTimeZone Zone(string id) => DateTimeZoneProviders.Tzdb[id];

    public static Window W(string startUtc, string endUtc) => new(Utc(startUtc), Utc(endUtc));

    public static List<Window> Assign(IWindowAssigner assigner, long timestampMs)
    {
        var windows = new List<Window>();
        assigner.Assign(timestampMs, windows);
        return windows;
    }

    /// <summary>Zones with interesting rules: DST both ways, half-hour DST, DST at midnight, skipped
    /// and repeated days, odd offsets, negative DST, no DST.</summary>
    public static readonly string[] InterestingZones =
    [
        "UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Tokyo", "America/Havana",
        "America/Sao_Paulo", "Pacific/Apia", "Pacific/Kiritimati", "Asia/Kathmandu", "America/St_Johns",
        "Europe/Dublin", "Antarctica/Troll", "America/Sitka", "Asia/Tehran", "Africa/Casablanca",
    ];

    private static readonly long RangeStart = Utc("1850-01-01T00:00:00Z");
    private static readonly long RangeEnd = Utc("2100-01-01T00:00:00Z");

    private static readonly Dictionary<string, long[]> TransitionCache = new(StringComparer.Ordinal);

    /// <summary>The instants at which a zone's offset changes between 1850 and 2100.</summary>
    public static long[] Transitions(string zoneId)
    {
        lock (TransitionCache)
        {
            if (!TransitionCache.TryGetValue(zoneId, out var transitions))
            {
                var interval = new NodaTime.Interval(Instant.FromUnixTimeMilliseconds(RangeStart), Instant.FromUnixTimeMilliseconds(RangeEnd));
                transitions = Zone(zoneId).GetZoneIntervals(interval)
                    .Where(zoneInterval => zoneInterval.HasStart && zoneInterval.Start.ToUnixTimeMilliseconds() > RangeStart)
                    .Select(zoneInterval => zoneInterval.Start.ToUnixTimeMilliseconds())
                    .ToArray();
                TransitionCache[zoneId] = transitions;
            }

            return transitions;
        }
    }

    public static Gen<long> Between(long from, long to) => FsCheck.FSharp.Gen.Choose64(from, to);

    /// <summary>Any timestamp in 1850–2100, or one close to a transition of <paramref name="zoneId"/>, or
    /// close to a local midnight/hour boundary.</summary>
    public static Gen<long> TimestampsNear(string zoneId)
    {
        var transitions = Transitions(zoneId);
        var anywhere = Between(RangeStart, RangeEnd);
        var nearBoundary = Between(RangeStart / Hour, RangeEnd / Hour)
            .SelectMany(hour => Between(-2 * Second, 2 * Second).Select(delta => hour * Hour + delta));
        if (transitions.Length == 0)
        {
            return Gen.OneOf(anywhere, nearBoundary);
        }

        var nearTransition = Gen.Elements(transitions)
            .SelectMany(transition => Gen.OneOf(Between(-2 * Day, 2 * Day), Between(-2, 2)).Select(delta => transition + delta));
        return Gen.Frequency((2, anywhere), (1, nearBoundary), (3, nearTransition));
    }

    /// <summary>A timestamp anywhere a long can hold one, biased towards small and negative values.</summary>
    public static Gen<long> AnyTimestamp() =>
        Gen.Frequency(
            (3, Between(-10 * Day, 10 * Day)),
            (3, Between(-4_000_000_000_000L, 4_000_000_000_000L)),
            (1, Between(long.MinValue / 4, long.MaxValue / 4)));
}
