using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kappa.Contracts.Schemas;

/// <summary>Body of register, lookup and compatibility requests.</summary>
/// <param name="Schema">The schema's JSON text.</param>
/// <param name="SchemaType">AVRO when absent; the only type Kappa's registry accepts.</param>
public sealed record SchemaRequest(
    [property: JsonPropertyName("schema")] string? Schema,
    [property: JsonPropertyName("schemaType")] string? SchemaType = null);

/// <summary>Answer to a registration: the schema's id.</summary>
public sealed record SchemaIdResponse([property: JsonPropertyName("id")] int Id);

/// <summary>A schema fetched by id.</summary>
public sealed record SchemaByIdResponse([property: JsonPropertyName("schema")] string Schema);

/// <summary>A schema as registered under a subject, with its version and id.</summary>
/// <param name="Subject">The subject.</param>
/// <param name="Version">The version within the subject, from 1.</param>
/// <param name="Id">The schema id, shared by every subject that registered the same schema.</param>
/// <param name="Schema">The schema's JSON text.</param>
public sealed record RegisteredSchema(
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("schema")] string Schema);

/// <summary>A (subject, version) pair that uses a schema id.</summary>
public sealed record SubjectVersion(
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("version")] int Version);

/// <summary>Answer to a compatibility test.</summary>
/// <param name="IsCompatible">Whether the schema may be registered.</param>
/// <param name="Messages">Why not, when asked with <c>verbose=true</c>.</param>
public sealed record CompatibilityResponse(
    [property: JsonPropertyName("is_compatible")] bool IsCompatible,
    [property: JsonPropertyName("messages")] IReadOnlyList<string>? Messages = null);

/// <summary>A compatibility level as <c>GET /config</c> answers it.</summary>
public sealed record ConfigResponse([property: JsonPropertyName("compatibilityLevel")] string CompatibilityLevel);

/// <summary>A compatibility level as <c>PUT /config</c> takes and answers it.</summary>
public sealed record ConfigUpdate([property: JsonPropertyName("compatibility")] string? Compatibility);

/// <summary>Confluent's error body.</summary>
public sealed record SchemaRegistryError(
    [property: JsonPropertyName("error_code")] int ErrorCode,
    [property: JsonPropertyName("message")] string Message);

/// <summary>Serializer options for the schema registry's wire shapes, whose names are Confluent's mixed ones.</summary>
public static class SchemaRegistryJson
{
    /// <summary>The options: explicit names on every property, nulls omitted.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
