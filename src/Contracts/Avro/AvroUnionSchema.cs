namespace Kappa.Contracts.Avro;

/// <summary>
/// A union schema. Branches are never unions themselves, and hold at most one schema of each unnamed type and of
/// each named type's full name (specification rules the parser enforces).
/// </summary>
public sealed class AvroUnionSchema : AvroSchema
{
    internal AvroUnionSchema(IReadOnlyList<AvroSchema> branches)
        : base(AvroType.Union)
    {
        Branches = branches;
    }

    /// <summary>The branches, in index order.</summary>
    public IReadOnlyList<AvroSchema> Branches { get; }
}
