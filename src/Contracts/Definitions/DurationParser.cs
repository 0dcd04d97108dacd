namespace Kappa.Contracts.Definitions;

/// <summary>
/// Parses durations written as whole numbers with units, largest unit first, each unit at most once:
/// <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c>, <c>1h30m</c>, <c>1d12h</c>. A bare <c>0</c> is zero.
/// Units are lower case: d (24 hours), h, m, s, ms. The result is a whole number of milliseconds.
/// </summary>
internal static class DurationParser
{
    /// <summary>The units in the order they must appear, with their length in milliseconds.</summary>
    private static readonly (string Unit, long Milliseconds)[] Units =
    [
        ("d", 86_400_000),
        ("h", 3_600_000),
        ("m", 60_000),
        ("s", 1_000),
        ("ms", 1),
    ];

    /// <summary>The message fragment that shows the accepted forms.</summary>
    public const string Examples = "write e.g. 500ms, 30s, 5m, 1h, 1d or 1h30m";

    /// <summary>Parses <paramref name="text"/>; false when it is not a duration or is out of range.</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (text == "0")
        {
            return true;
        }

        long total = 0;
        var nextUnit = 0;
        var position = 0;
        while (position < text.Length)
        {
            var digitsStart = position;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }

            if (position == digitsStart || position - digitsStart > 12)
            {
                return false;
            }

            var amount = long.Parse(text.AsSpan(digitsStart, position - digitsStart), System.Globalization.CultureInfo.InvariantCulture);
            var unit = MatchUnit(text, position, nextUnit);
            if (unit < 0)
            {
                return false;
            }

            position += Units[unit].Unit.Length;
            nextUnit = unit + 1;
            try
            {
                total = checked(total + (amount * Units[unit].Milliseconds));
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        if (position == 0 || total > (long)TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(total);
        return true;
    }

    /// <summary>The index of the unit at <paramref name="position"/>, at or after <paramref name="firstAllowed"/>; -1 if none.</summary>
    private static int MatchUnit(string text, int position, int firstAllowed)
    {
        var rest = text.AsSpan(position);
        var letters = 0;
        while (letters < rest.Length && char.IsAsciiLetter(rest[letters]))
        {
            letters++;
        }

        var written = rest[..letters];
        for (var i = firstAllowed; i < Units.Length; i++)
        {
            if (written.SequenceEqual(Units[i].Unit))
            {
                return i;
            }
        }

        return -1;
    }
}
