using Kappa.Contracts.Avro;

namespace Kappa.Processor.Events.Avro;

/// <summary>
/// One instruction of a compiled extraction plan: what to do with the next value of the input, and where a value
/// read goes (<see cref="Slots"/>). Plans are trees of steps; a recursive record's steps refer to themselves through
/// a <see cref="AvroOp.Sequence"/> step, which is why <see cref="Sequence"/> is settable (once, while compiling).
/// </summary>
internal sealed class AvroStep(AvroOp op)
{
    public AvroOp Op { get; } = op;

    /// <summary>Byte count of a fixed, symbol count of an enum, or smallest encoded item size of an array or map.</summary>
    public int Size { get; init; }

    /// <summary>The scale of a decimal.</summary>
    public int Scale { get; init; }

    /// <summary>The slots the value read goes to; empty for skips.</summary>
    public int[] Slots { get; init; } = [];

    /// <summary>The symbols of an enum, as UTF-8.</summary>
    public byte[][] Symbols { get; init; } = [];

    /// <summary>The schema of a value rendered as JSON.</summary>
    public AvroSchema? Schema { get; init; }

    /// <summary>The steps of a record, of an array item or map value, or of what a capture holds.</summary>
    public AvroStep[] Sequence { get; set; } = [];

    /// <summary>A union's steps per branch.</summary>
    public AvroStep[][] Branches { get; init; } = [];

    /// <summary>The wanted keys of a map lookup, as UTF-8.</summary>
    public byte[][] Keys { get; init; } = [];

    /// <summary>The steps for the value of each wanted key.</summary>
    public AvroStep[][] KeySequences { get; init; } = [];
}
