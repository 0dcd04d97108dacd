namespace Kappa.Contracts.Avro;

/// <summary>A primitive schema (null, boolean, int, long, float, double, bytes, string), possibly with a logical type.</summary>
public sealed class AvroPrimitiveSchema : AvroSchema
{
    internal AvroPrimitiveSchema(AvroType type)
        : base(type)
    {
    }
}
