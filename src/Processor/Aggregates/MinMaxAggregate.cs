namespace Kappa.Processor.Aggregates;

/// <summary>
/// <c>min(field)</c> and <c>max(field)</c>: the smallest or largest exact number, or the smallest or largest string
/// by ordinal UTF-8 byte order; <c>null</c> before any input. A column holds numbers or strings, not both; mixing
/// them, or passing booleans, objects or numbers beyond the decimal range, is an input error.
/// </summary>
internal sealed class MinMaxAggregate(string name, string call, string inputField, bool isMax)
    : BuiltInAggregate(name, call, inputField, $"{(isMax ? "largest" : "smallest")} number, or {(isMax ? "last" : "first")} string in UTF-8 byte order")
{
    public bool IsMax { get; } = isMax;

    internal StateTag Tag => IsMax ? StateTag.Max : StateTag.Min;

    public override IAggregateState CreateState() => new MinMaxState(this);

    public override IAggregateState ReadState(ReadOnlySpan<byte> stored)
    {
        var reader = new StateReader(stored, Tag, Call);
        var state = new MinMaxState(this);
        state.Read(ref reader);
        reader.End();
        return state;
    }
}
