namespace Kappa.Processor.Aggregates;

/// <summary>
/// <c>top(field, n)</c>: the n largest values, largest first, duplicates kept (the top n of the multiset, so
/// <c>[100, 100, 90]</c> is a valid top 3); exact numbers, or strings in ordinal UTF-8 byte order, never both.
/// Equal values are indistinguishable once normalized, so the order is fully determined. <c>null</c> before any input.
/// </summary>
internal sealed class TopAggregate(string name, string call, string inputField, int count)
    : BuiltInAggregate(name, call, inputField, $"the {count} largest values, largest first, duplicates kept; numbers, or strings in UTF-8 byte order")
{
    /// <summary>How many values the result holds at most.</summary>
    public int Count { get; } = count;

    public override IAggregateState CreateState() => new TopState(this);

    public override IAggregateState ReadState(ReadOnlySpan<byte> stored)
    {
        var reader = new StateReader(stored, StateTag.Top, Call);
        var state = new TopState(this);
        state.Read(ref reader);
        reader.End();
        return state;
    }
}
