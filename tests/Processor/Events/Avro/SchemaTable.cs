using Kappa.Contracts.Avro;
using Kappa.Contracts.Avro.Confluent;

namespace Kappa.Processor.Tests.Events.Avro;

/// <summary>
/// Schemas by id and subject in memory, the way a registry holds them, counting lookups by id. Framing goes through
/// the real <see cref="ConfluentAvroSerializer"/>, and JSON through <see cref="AvroJsonInput"/>, as in <c>kappa produce</c>.
/// </summary>
internal sealed class SchemaTable : ISchemaSource
{
    private readonly Dictionary<int, AvroSchema> _byId = [];
    private readonly Dictionary<string, AvroSchema> _latest = new(StringComparer.Ordinal);

    public int Lookups { get; private set; }

    /// <summary>Registers a schema under an id (and a subject, whose latest it becomes).</summary>
    public AvroSchema Add(int id, string schemaJson, string? subject = null)
    {
        var schema = AvroSchema.Parse(schemaJson);
        _byId[id] = schema;
        if (subject is not null)
        {
            _latest[subject] = schema;
        }

        return schema;
    }

    /// <summary>The JSON value encoded with schema <paramref name="id"/>, framed.</summary>
    public byte[] Encode(int id, string json)
    {
        var schema = _byId[id];
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return new ConfluentAvroSerializer(id, schema).Serialize(AvroJsonInput.Read(document.RootElement, schema));
    }

    public ValueTask<AvroSchema> GetSchemaAsync(int id, CancellationToken cancellationToken = default)
    {
        Lookups++;
        return _byId.TryGetValue(id, out var schema) ? ValueTask.FromResult(schema) : throw new UnknownSchemaException(id);
    }

    public ValueTask<AvroSchema?> FindLatestAsync(string subject, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_latest.GetValueOrDefault(subject));
}
