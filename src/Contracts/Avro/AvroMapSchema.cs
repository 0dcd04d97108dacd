namespace Kappa.Contracts.Avro;

/// <summary>A map schema; keys are strings.</summary>
public sealed class AvroMapSchema : AvroSchema
{
    internal AvroMapSchema(AvroSchema values)
        : base(AvroType.Map)
    {
        Values = values;
    }

    /// <summary>The schema of every value.</summary>
    public AvroSchema Values { get; }
}
