namespace Kappa.Processor.Aggregates;

/// <summary>
/// <c>sum(field)</c>: the exact decimal sum of the field's numbers; <c>null</c> before any number. A sum that would
/// overflow or round is an input error, never a silently wrong total.
/// </summary>
internal sealed class SumAggregate(string name, string call, string inputField)
    : BuiltInAggregate(name, call, inputField, "exact decimal sum (an input error rather than rounding beyond 28 significant digits)")
{
    public override IAggregateState CreateState() => new SumState(this, false, 0m);

    public override IAggregateState ReadState(ReadOnlySpan<byte> stored)
    {
        var reader = new StateReader(stored, StateTag.Sum, Call);
        var hasValue = reader.ReadFlag();
        var sum = hasValue ? reader.ReadDecimal() : 0m;
        reader.End();
        return new SumState(this, hasValue, sum);
    }
}
