namespace Kappa.Processor.Windows;

/// <summary>Integer helpers shared by the window types.</summary>
internal static class WindowMath
{
    /// <summary>Floor division for a positive divisor: rounds towards negative infinity.</summary>
    public static long FloorDiv(long value, long divisor)
    {
        var quotient = value / divisor;
        return value % divisor < 0 ? quotient - 1 : quotient;
    }

    /// <summary>The non-negative remainder of <paramref name="value"/> by a positive divisor.</summary>
    public static long FloorMod(long value, long divisor)
    {
        var remainder = value % divisor;
        return remainder < 0 ? remainder + divisor : remainder;
    }

    /// <summary>
    /// The whole number of milliseconds in <paramref name="value"/>; rejects sub-millisecond parts
    /// because windows are defined on a millisecond grid.
    /// </summary>
    public static long ToMilliseconds(TimeSpan value, string paramName)
    {
        if (value.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentException($"{paramName} must be a whole number of milliseconds, got {value}.", paramName);
        }

        return value.Ticks / TimeSpan.TicksPerMillisecond;
    }

    /// <summary>Like <see cref="ToMilliseconds"/>, and also requires a positive value.</summary>
    public static long ToPositiveMilliseconds(TimeSpan value, string paramName)
    {
        var ms = ToMilliseconds(value, paramName);
        if (ms <= 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be positive.");
        }

        return ms;
    }
}
