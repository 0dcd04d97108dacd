using System.Numerics;

namespace Kappa.Processor.Aggregates;

/// <summary>
/// Exact decimal arithmetic for aggregates. <see cref="Normalize"/> gives every value one canonical form (no
/// trailing zeros, no negative zero), so equal numbers write equal bytes and equal JSON however they were
/// spelled in the events (<c>1.50</c> and <c>1.5</c>). <see cref="TryAdd"/> refuses to round: a decimal holds a
/// 96-bit mantissa, and .NET silently rounds a sum that needs more, which an exact sum must not do.
/// </summary>
internal static class DecimalMath
{
    /// <summary>The value with the smallest scale that represents it exactly, and zero as positive zero.</summary>
    public static decimal Normalize(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        if (mantissa == 0)
        {
            return decimal.Zero;
        }

        if (scale == 0 || mantissa % 10 != 0)
        {
            return value;
        }

        while (scale > 0 && mantissa % 10 == 0)
        {
            mantissa /= 10;
            scale--;
        }

        return new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), (int)(uint)(mantissa >> 64), bits[3] < 0, (byte)scale);
    }

    /// <summary>
    /// Adds exactly: <see langword="false"/> when the sum overflows or cannot be represented without rounding.
    /// Allocation-free unless the sum needs more than 28 significant digits, which is rare and then checked exactly.
    /// </summary>
    public static bool TryAdd(decimal left, decimal right, out decimal sum)
    {
        try
        {
            sum = left + right;
        }
        catch (OverflowException)
        {
            sum = default;
            return false;
        }

        // .NET keeps the larger scale of the operands unless the aligned mantissa overflows 96 bits; only then
        // does it drop digits, and only then can the result be rounded.
        return sum.Scale == Math.Max(left.Scale, right.Scale) || IsExactSum(left, right, sum);
    }

    private static bool IsExactSum(decimal left, decimal right, decimal sum)
    {
        var scale = Math.Max(left.Scale, right.Scale);
        return Scaled(left, scale) + Scaled(right, scale) == Scaled(sum, scale);
    }

    private static BigInteger Scaled(decimal value, int scale)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = (BigInteger)(((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0]);
        var scaled = mantissa * BigInteger.Pow(10, scale - value.Scale);
        return bits[3] < 0 ? -scaled : scaled;
    }
}
