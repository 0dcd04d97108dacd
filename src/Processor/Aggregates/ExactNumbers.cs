using System.Diagnostics.CodeAnalysis;
using Kappa.Processor.Events;

namespace Kappa.Processor.Aggregates;

/// <summary>The input rules of the exact numeric aggregates (<c>sum</c>, <c>avg</c>): exact decimals only, no rounding.</summary>
internal static class ExactNumbers
{
    /// <summary>The input as an exact decimal, or an input error for any other kind or an approximate number.</summary>
    public static decimal Require(in FieldValue input, BuiltInAggregate function)
    {
        if (input.Kind != FieldKind.Number)
        {
            throw function.InputError(InputErrors.ExpectedNumber(input));
        }

        if (input.IsApproximate)
        {
            throw function.InputError(InputErrors.Approximate(input));
        }

        return input.Number;
    }

    /// <summary>The exact sum, or an input error when it overflows or would need rounding.</summary>
    public static decimal Add(decimal sum, decimal addend, BuiltInAggregate function) =>
        DecimalMath.TryAdd(sum, addend, out var result)
            ? result
            : throw function.InputError(
                $"adding {addend.ToString(System.Globalization.CultureInfo.InvariantCulture)} to the running sum "
                + $"{sum.ToString(System.Globalization.CultureInfo.InvariantCulture)} overflows the exact decimal range "
                + "(a 96-bit mantissa: at most 28-29 significant digits)");

    /// <summary>Whether <paramref name="input"/> could be added to <paramref name="sum"/> exactly; missing and null always can.</summary>
    public static bool CanAdd(decimal sum, in FieldValue input, BuiltInAggregate function, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        if (input.IsMissingOrNull)
        {
            return true;
        }

        try
        {
            _ = Add(sum, Require(input, function), function);
            return true;
        }
        catch (AggregateInputException e)
        {
            reason = e.Message;
            return false;
        }
    }
}
