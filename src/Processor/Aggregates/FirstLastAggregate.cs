namespace Kappa.Processor.Aggregates;

/// <summary>
/// <c>first(field)</c> and <c>last(field)</c>: the value of the event with the earliest or latest
/// <see cref="EventPosition"/> (event time, then partition, then offset) among events where the field is present
/// and not null. Any kind of value; the result is written as it came (numbers normalized); <c>null</c> before any input.
/// </summary>
internal sealed class FirstLastAggregate(string name, string call, string inputField, bool isLast)
    : BuiltInAggregate(name, call, inputField, $"value at the {(isLast ? "latest" : "earliest")} event time; ties by partition, then offset")
{
    public bool IsLast { get; } = isLast;

    internal StateTag Tag => IsLast ? StateTag.Last : StateTag.First;

    public override IAggregateState CreateState() => new FirstLastState(this);

    public override IAggregateState ReadState(ReadOnlySpan<byte> stored)
    {
        var reader = new StateReader(stored, Tag, Call);
        var state = new FirstLastState(this);
        state.Read(ref reader);
        reader.End();
        return state;
    }
}
