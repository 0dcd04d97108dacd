namespace Kappa.Contracts.Avro;

/// <summary>A generic fixed value: exactly <see cref="AvroFixedSchema.Size"/> bytes of <see cref="Schema"/>.</summary>
public sealed class AvroFixed
{
    /// <summary>Creates a fixed value; the bytes are not copied.</summary>
    /// <exception cref="ArgumentException">The length is not the schema's size.</exception>
    public AvroFixed(AvroFixedSchema schema, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length != schema.Size)
        {
            throw new ArgumentException($"fixed '{schema.FullName}' needs {schema.Size} bytes, got {value.Length}", nameof(value));
        }

        Schema = schema;
        Value = value;
    }

    /// <summary>The fixed schema.</summary>
    public AvroFixedSchema Schema { get; }

    /// <summary>The bytes.</summary>
    public byte[] Value { get; }
}
