namespace Kappa.Processor.Aggregates;

/// <summary>
/// <c>count()</c>: the number of events; <c>count(field)</c>: the number of events where the field is present and
/// not null. The result is an integer, 0 before any input.
/// </summary>
internal sealed class CountAggregate(string name, string call, string? inputField)
    : BuiltInAggregate(name, call, inputField, inputField is null ? "number of events" : $"number of events where {inputField} is present and not null")
{
    public override IAggregateState CreateState() => new CountState(this, 0);

    public override IAggregateState ReadState(ReadOnlySpan<byte> stored)
    {
        var reader = new StateReader(stored, StateTag.Count, Call);
        var count = reader.ReadInt64();
        reader.End();
        return count >= 0 ? new CountState(this, count) : throw reader.Corrupt("stored count is negative");
    }
}
