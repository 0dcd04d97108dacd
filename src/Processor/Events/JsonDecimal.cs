namespace Kappa.Processor.Events;

/// <summary>
/// Reads the JSON numbers events carry most (an amount, a count, a time in milliseconds) as decimals without the
/// general parser, which was a quarter of field extraction. The result is the very decimal
/// <see cref="System.Text.Json.Utf8JsonReader.TryGetDecimal"/> gives, bit for bit: its scale is the number of digits
/// after the point (so <c>1.50</c> keeps its zero, as sums and their rendering do) and <c>-0</c> keeps its sign.
/// </summary>
internal static class JsonDecimal
{
    /// <summary>The most digits read here: every number of at most 18 digits fits in a <see cref="long"/>.</summary>
    private const int MostDigits = 18;

    /// <summary>
    /// Reads a JSON number token of the form <c>-?digits(.digits)?</c> with at most 18 digits in all; false for any
    /// other (an exponent, more digits), which the caller leaves to the general parser.
    /// </summary>
    /// <param name="number">A number token as the JSON reader validated it: the grammar is not checked again here.</param>
    /// <param name="value">The number, when it returns true.</param>
    public static bool TryRead(ReadOnlySpan<byte> number, out decimal value)
    {
        value = default;
        var negative = number.Length > 0 && number[0] == (byte)'-';
        var at = negative ? 1 : 0;
        if (number.Length - at > MostDigits + 1)
        {
            return false;
        }

        ulong mantissa = 0;
        var digits = 0;
        var scale = -1;
        for (; at < number.Length; at++)
        {
            var c = number[at];
            if (c == (byte)'.')
            {
                scale = 0;
                continue;
            }

            if ((uint)(c - '0') > 9)
            {
                // An exponent: the general parser folds it into the scale its way.
                return false;
            }

            mantissa = (mantissa * 10) + (uint)(c - '0');
            digits++;
            scale += scale >= 0 ? 1 : 0;
        }

        if (digits is 0 or > MostDigits)
        {
            return false;
        }

        value = new decimal((int)mantissa, (int)(mantissa >> 32), 0, negative, (byte)Math.Max(scale, 0));
        return true;
    }
}
