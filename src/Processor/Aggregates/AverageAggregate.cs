namespace Kappa.Processor.Aggregates;

/// <summary>
/// <c>avg(field)</c>: the mean of the field's numbers, kept as an exact sum and a count so that merging never
/// compounds rounding. The result is <c>sum / count</c> computed once, in <see cref="decimal"/>: correctly rounded
/// to the decimal's precision (at most 28 decimal places and 28-29 significant digits), ties to even, then written
/// without trailing zeros; <c>null</c> before any number.
/// </summary>
internal sealed class AverageAggregate(string name, string call, string inputField)
    : BuiltInAggregate(name, call, inputField, "exact sum / count, rounded half to even at decimal precision (28-29 significant digits)")
{
    public override IAggregateState CreateState() => new AverageState(this, 0, 0m);

    public override IAggregateState ReadState(ReadOnlySpan<byte> stored)
    {
        var reader = new StateReader(stored, StateTag.Average, Call);
        var count = reader.ReadInt64();
        var sum = reader.ReadDecimal();
        reader.End();
        if (count < 0 || (count == 0 && sum != 0m))
        {
            throw reader.Corrupt("stored average has an impossible count");
        }

        return new AverageState(this, count, sum);
    }
}
