using System.Globalization;
using System.Numerics;

namespace Kappa.Contracts.Avro;

/// <summary>
/// An Avro decimal value: <see cref="Unscaled"/> × 10^-<see cref="Scale"/>, exact at any precision (System.Decimal
/// holds only 28 digits). Scale is never negative.
/// </summary>
public readonly record struct AvroDecimal
{
    /// <summary>Creates the decimal <paramref name="unscaled"/> × 10^-<paramref name="scale"/>.</summary>
    public AvroDecimal(BigInteger unscaled, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        Unscaled = unscaled;
        Scale = scale;
    }

    /// <summary>The unscaled integer.</summary>
    public BigInteger Unscaled { get; }

    /// <summary>Digits after the decimal point.</summary>
    public int Scale { get; }

    /// <summary>Plain decimal notation with exactly <see cref="Scale"/> digits after the point, e.g. <c>-0.05</c>.</summary>
    public override string ToString()
    {
        var digits = BigInteger.Abs(Unscaled).ToString(CultureInfo.InvariantCulture);
        var sign = Unscaled.Sign < 0 ? "-" : string.Empty;
        if (Scale == 0)
        {
            return sign + digits;
        }

        digits = digits.PadLeft(Scale + 1, '0');
        return $"{sign}{digits[..^Scale]}.{digits[^Scale..]}";
    }

    /// <summary>Converts to System.Decimal.</summary>
    /// <exception cref="OverflowException">The value does not fit.</exception>
    public decimal ToDecimal() => (decimal)Unscaled / (decimal)BigInteger.Pow(10, Scale);
}
