namespace Kappa.Contracts.Avro;

/// <summary>Reads a fixed value of the reader's schema (writer and reader sizes are equal by construction).</summary>
internal sealed class FixedReadPlan(AvroFixedSchema schema) : ReadPlan
{
    internal override object? Read(ref AvroBinaryReader reader, int depth) =>
        new AvroFixed(schema, reader.ReadFixed(schema.Size).ToArray());
}
