using System.Text;
using System.Text.Json;

namespace Kappa.Contracts.Avro;

/// <summary>
/// Writes a schema back to full JSON: everything <see cref="AvroSchema.Parse"/> keeps (names, aliases, field
/// defaults, enum defaults, logical types with precision and scale), so the result parses to an equivalent schema.
/// Documentation and unknown attributes are not kept. Named types are written in full once, then by full name.
/// </summary>
internal static class AvroSchemaJson
{
    internal static string Write(AvroSchema schema)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, schema, new HashSet<string>(StringComparer.Ordinal));
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, AvroSchema schema, HashSet<string> written)
    {
        switch (schema)
        {
            case AvroNamedSchema named when !written.Add(named.FullName):
                writer.WriteStringValue(named.FullName);
                return;
            case AvroUnionSchema union:
                writer.WriteStartArray();
                foreach (var branch in union.Branches)
                {
                    Write(writer, branch, written);
                }

                writer.WriteEndArray();
                return;
            case AvroPrimitiveSchema when schema.LogicalType == AvroLogicalType.None:
                writer.WriteStringValue(AvroCanonicalForm.PrimitiveName(schema.Type));
                return;
        }

        writer.WriteStartObject();
        switch (schema)
        {
            case AvroPrimitiveSchema:
                writer.WriteString("type", AvroCanonicalForm.PrimitiveName(schema.Type));
                break;
            case AvroRecordSchema record:
                Name(writer, record, "record");
                writer.WriteStartArray("fields");
                foreach (var field in record.Fields)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", field.Name);
                    writer.WritePropertyName("type");
                    Write(writer, field.Schema, written);
                    if (field.DefaultValue is { } value)
                    {
                        writer.WritePropertyName("default");
                        value.WriteTo(writer);
                    }

                    Strings(writer, "aliases", field.Aliases);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                break;
            case AvroEnumSchema enumSchema:
                Name(writer, enumSchema, "enum");
                Strings(writer, "symbols", enumSchema.Symbols, always: true);
                if (enumSchema.Default is { } symbol)
                {
                    writer.WriteString("default", symbol);
                }

                break;
            case AvroFixedSchema fixedSchema:
                Name(writer, fixedSchema, "fixed");
                writer.WriteNumber("size", fixedSchema.Size);
                break;
            case AvroArraySchema array:
                writer.WriteString("type", "array");
                writer.WritePropertyName("items");
                Write(writer, array.Items, written);
                break;
            case AvroMapSchema map:
                writer.WriteString("type", "map");
                writer.WritePropertyName("values");
                Write(writer, map.Values, written);
                break;
        }

        LogicalType(writer, schema);
        writer.WriteEndObject();
    }

    private static void Name(Utf8JsonWriter writer, AvroNamedSchema schema, string type)
    {
        writer.WriteString("type", type);
        writer.WriteString("name", schema.Name);
        // Always explicit: an empty namespace must not inherit the enclosing one when parsed back.
        writer.WriteString("namespace", schema.Namespace);
        Strings(writer, "aliases", schema.Aliases);
    }

    private static void Strings(Utf8JsonWriter writer, string property, IReadOnlyList<string> values, bool always = false)
    {
        if (values.Count == 0 && !always)
        {
            return;
        }

        writer.WriteStartArray(property);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void LogicalType(Utf8JsonWriter writer, AvroSchema schema)
    {
        if (schema.LogicalType == AvroLogicalType.None)
        {
            return;
        }

        writer.WriteString("logicalType", LogicalTypeName(schema.LogicalType));
        if (schema.LogicalType == AvroLogicalType.Decimal)
        {
            writer.WriteNumber("precision", schema.Precision);
            writer.WriteNumber("scale", schema.Scale);
        }
    }

    internal static string LogicalTypeName(AvroLogicalType type) => type switch
    {
        AvroLogicalType.Decimal => "decimal",
        AvroLogicalType.Uuid => "uuid",
        AvroLogicalType.Date => "date",
        AvroLogicalType.TimeMillis => "time-millis",
        AvroLogicalType.TimeMicros => "time-micros",
        AvroLogicalType.TimestampMillis => "timestamp-millis",
        AvroLogicalType.TimestampMicros => "timestamp-micros",
        AvroLogicalType.TimestampNanos => "timestamp-nanos",
        AvroLogicalType.LocalTimestampMillis => "local-timestamp-millis",
        AvroLogicalType.LocalTimestampMicros => "local-timestamp-micros",
        AvroLogicalType.LocalTimestampNanos => "local-timestamp-nanos",
        AvroLogicalType.Duration => "duration",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no logical type"),
    };
}
