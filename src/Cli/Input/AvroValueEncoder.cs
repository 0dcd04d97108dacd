using System.Text.Json;
using Kappa.Contracts.Avro;
using Kappa.Contracts.Avro.Confluent;
using Kappa.Contracts.Topics;

namespace Kappa.Cli.Input;

/// <summary>
/// Turns a parsed JSON line's value into Avro in Confluent's framing (the registered schema's id, then Avro
/// binary), carried as base64 for the binary produce format. The JSON is read by <see cref="AvroJsonInput"/>.
/// </summary>
internal sealed class AvroValueEncoder(AvroSchema schema, int schemaId)
{
    private readonly ConfluentAvroSerializer _serializer = new(schemaId, schema);

    /// <summary>The record with its value encoded; on failure null and the reason in <paramref name="error"/>.</summary>
    public ProduceRecord? Encode(ProduceRecord record, out string? error)
    {
        error = null;
        try
        {
            var framed = _serializer.Serialize(AvroJsonInput.Read(record.Value, schema));
            return record with { Value = JsonSerializer.SerializeToElement(Convert.ToBase64String(framed)) };
        }
        catch (AvroEncodeException e)
        {
            error = $"does not fit the schema: {e.Message}";
            return null;
        }
    }
}
