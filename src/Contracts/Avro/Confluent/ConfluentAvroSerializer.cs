namespace Kappa.Contracts.Avro.Confluent;

/// <summary>Encodes values with one registered schema into Confluent's wire format. Thread-safe.</summary>
public sealed class ConfluentAvroSerializer(int schemaId, AvroSchema schema)
{
    private readonly AvroDatumWriter _writer = new(schema);

    /// <summary>The id written into every frame.</summary>
    public int SchemaId { get; } = schemaId;

    /// <summary>Encodes one value, framed.</summary>
    /// <exception cref="AvroEncodeException">The value does not match the schema.</exception>
    public byte[] Serialize(object? value)
    {
        var payload = _writer.Encode(value);
        var framed = new byte[ConfluentWireFormat.HeaderLength + payload.Length];
        ConfluentWireFormat.WriteHeader(framed, SchemaId);
        payload.CopyTo(framed, ConfluentWireFormat.HeaderLength);
        return framed;
    }
}
