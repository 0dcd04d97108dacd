namespace Kappa.Contracts.Avro;

/// <summary>An array schema.</summary>
public sealed class AvroArraySchema : AvroSchema
{
    internal AvroArraySchema(AvroSchema items)
        : base(AvroType.Array)
    {
        Items = items;
    }

    /// <summary>The schema of every item.</summary>
    public AvroSchema Items { get; }
}
