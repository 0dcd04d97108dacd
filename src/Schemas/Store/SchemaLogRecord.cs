using System.Text.Json;
using System.Text.Json.Serialization;
using Kappa.Contracts.Schemas;

namespace Kappa.Schemas.Store;

/// <summary>
/// The records of the registry's compacted topic, in the shapes Confluent's registry writes to its own
/// <c>_schemas</c> topic: a JSON key naming what the record is about (a subject version, or a compatibility
/// config), a JSON value with its state, and a null value (a tombstone) for what was permanently deleted.
/// Compaction keeps the latest record per key, which is the whole state.
/// </summary>
internal static class SchemaLogRecord
{
    public const string SchemaKeyType = "SCHEMA";
    public const string ConfigKeyType = "CONFIG";

    public static byte[] SchemaKey(string subject, int version) =>
        JsonSerializer.SerializeToUtf8Bytes(new RecordKey(SchemaKeyType, subject, version, 1), SchemaRegistryJson.Options);

    public static byte[] SchemaValue(string subject, int version, int id, string schema, bool deleted) =>
        JsonSerializer.SerializeToUtf8Bytes(new SchemaValueDocument(subject, version, id, schema, deleted), SchemaRegistryJson.Options);

    /// <summary>The key of a compatibility config: of a subject, or the global one when <paramref name="subject"/> is null.</summary>
    public static byte[] ConfigKey(string? subject) =>
        JsonSerializer.SerializeToUtf8Bytes(new RecordKey(ConfigKeyType, subject, null, 0), SchemaRegistryJson.Options);

    public static byte[] ConfigValue(CompatibilityLevel level) =>
        JsonSerializer.SerializeToUtf8Bytes(new ConfigResponse(level.ToWireName()), SchemaRegistryJson.Options);

    /// <summary>Applies one record of the topic to <paramref name="state"/>.</summary>
    /// <exception cref="InvalidDataException">The record is not one the registry wrote.</exception>
    public static void Apply(SchemaRegistryState state, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool tombstone)
    {
        var recordKey = Deserialize<RecordKey>(key, "key");
        switch (recordKey.KeyType)
        {
            case SchemaKeyType when recordKey is { Subject: not null, Version: { } version }:
                if (tombstone)
                {
                    state.RemoveVersion(recordKey.Subject, version);
                    return;
                }

                var document = Deserialize<SchemaValueDocument>(value, "value");
                state.PutVersion(document.Subject, document.Version, document.Id, document.Schema, document.Deleted);
                return;
            case ConfigKeyType:
                if (tombstone)
                {
                    state.SetCompatibility(recordKey.Subject, null);
                    return;
                }

                var config = Deserialize<ConfigResponse>(value, "value");
                state.SetCompatibility(recordKey.Subject, CompatibilityLevels.TryParse(config.CompatibilityLevel, out var level)
                    ? level
                    : throw new InvalidDataException($"unknown compatibility level '{config.CompatibilityLevel}' in the schemas topic"));
                return;
            default:
                throw new InvalidDataException($"a record of the schemas topic has an unknown key type '{recordKey.KeyType}'");
        }
    }

    private static T Deserialize<T>(ReadOnlySpan<byte> json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, SchemaRegistryJson.Options)
                ?? throw new InvalidDataException($"a record {what} of the schemas topic is JSON null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"a record {what} of the schemas topic is not the registry's JSON: {e.Message}", e);
        }
    }

    private sealed record RecordKey(
        [property: JsonPropertyName("keytype")] string KeyType,
        [property: JsonPropertyName("subject")] string? Subject,
        [property: JsonPropertyName("version")] int? Version,
        [property: JsonPropertyName("magic")] int Magic);

    private sealed record SchemaValueDocument(
        [property: JsonPropertyName("subject")] string Subject,
        [property: JsonPropertyName("version")] int Version,
        [property: JsonPropertyName("id")] int Id,
        [property: JsonPropertyName("schema")] string Schema,
        [property: JsonPropertyName("deleted")] bool Deleted);
}
