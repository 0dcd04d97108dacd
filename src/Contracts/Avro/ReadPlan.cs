namespace Kappa.Contracts.Avro;

/// <summary>
/// One node of a compiled decoder: reads a value written with a writer schema and returns it in the shape of the
/// reader schema. Plans are built once per schema pair by <see cref="AvroResolver"/> and are immutable, so a
/// <see cref="AvroDatumReader"/> can be shared across threads. The depth argument bounds recursion on
/// recursive schemas.
/// </summary>
internal abstract class ReadPlan
{
    /// <summary>The deepest value nesting decoded; deeper input is rejected rather than exhausting the stack.</summary>
    internal const int MaxDepth = 1000;

    internal abstract object? Read(ref AvroBinaryReader reader, int depth);

    private protected static int Deeper(int depth) =>
        depth < MaxDepth ? depth + 1 : throw new AvroDecodeException($"value nested deeper than {MaxDepth} levels");
}

/// <summary>A writer branch that cannot be read as the reader schema: fails when (and only when) the data uses it.</summary>
internal sealed class ErrorReadPlan(string message) : ReadPlan
{
    internal override object? Read(ref AvroBinaryReader reader, int depth) => throw new AvroDecodeException(message);
}
