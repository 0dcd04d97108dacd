using System.Globalization;
using System.Text;

namespace Kappa.Processor.Windows;

/// <summary>
/// Formats millisecond durations for window descriptions: the largest units first, zero parts
/// left out, e.g. <c>1d</c>, <c>1h30m</c>, <c>1s500ms</c>, <c>0ms</c>. Culture-invariant.
/// </summary>
internal static class DurationText
{
    private static readonly (long Ms, string Unit)[] Units =
    [
        (86_400_000L, "d"),
        (3_600_000L, "h"),
        (60_000L, "m"),
        (1_000L, "s"),
        (1L, "ms"),
    ];

    public static string Format(long ms)
    {
        if (ms == 0)
        {
            return "0ms";
        }

        var builder = new StringBuilder();
        if (ms < 0)
        {
            builder.Append('-');
        }

        var rest = ms == long.MinValue ? ulong.MaxValue / 2 + 1 : (ulong)Math.Abs(ms);
        foreach (var (unitMs, unit) in Units)
        {
            var count = rest / (ulong)unitMs;
            if (count > 0)
            {
                builder.Append(count.ToString(CultureInfo.InvariantCulture)).Append(unit);
                rest -= count * (ulong)unitMs;
            }
        }

        return builder.ToString();
    }
}
