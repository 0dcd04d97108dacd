using System.Text;
using System.Text.Json;

namespace Kappa.Contracts.Avro;

/// <summary>
/// Writes Parsing Canonical Form: primitives as bare names, full names only, attributes other than name, type,
/// fields, symbols, items, values and size dropped, in that order, no whitespace, and a named type written in full
/// only at its first occurrence (later ones by name), which also terminates recursive schemas.
/// </summary>
internal static class AvroCanonicalForm
{
    internal static string Write(AvroSchema schema)
    {
        var builder = new StringBuilder();
        Write(schema, builder, new HashSet<string>(StringComparer.Ordinal));
        return builder.ToString();
    }

    private static void Write(AvroSchema schema, StringBuilder builder, HashSet<string> written)
    {
        switch (schema)
        {
            case AvroNamedSchema named when !written.Add(named.FullName):
                Quote(builder, named.FullName);
                break;
            case AvroRecordSchema record:
                Name(builder, record, "record");
                builder.Append(",\"fields\":[");
                for (var i = 0; i < record.Fields.Count; i++)
                {
                    builder.Append(i == 0 ? "{\"name\":" : ",{\"name\":");
                    Quote(builder, record.Fields[i].Name);
                    builder.Append(",\"type\":");
                    Write(record.Fields[i].Schema, builder, written);
                    builder.Append('}');
                }

                builder.Append("]}");
                break;
            case AvroEnumSchema enumSchema:
                Name(builder, enumSchema, "enum");
                builder.Append(",\"symbols\":[");
                for (var i = 0; i < enumSchema.Symbols.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    Quote(builder, enumSchema.Symbols[i]);
                }

                builder.Append("]}");
                break;
            case AvroFixedSchema fixedSchema:
                Name(builder, fixedSchema, "fixed");
                builder.Append(",\"size\":").Append(fixedSchema.Size).Append('}');
                break;
            case AvroArraySchema array:
                builder.Append("{\"type\":\"array\",\"items\":");
                Write(array.Items, builder, written);
                builder.Append('}');
                break;
            case AvroMapSchema map:
                builder.Append("{\"type\":\"map\",\"values\":");
                Write(map.Values, builder, written);
                builder.Append('}');
                break;
            case AvroUnionSchema union:
                builder.Append('[');
                for (var i = 0; i < union.Branches.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    Write(union.Branches[i], builder, written);
                }

                builder.Append(']');
                break;
            default:
                Quote(builder, PrimitiveName(schema.Type));
                break;
        }
    }

    internal static string PrimitiveName(AvroType type) => type switch
    {
        AvroType.Null => "null",
        AvroType.Boolean => "boolean",
        AvroType.Int => "int",
        AvroType.Long => "long",
        AvroType.Float => "float",
        AvroType.Double => "double",
        AvroType.Bytes => "bytes",
        AvroType.String => "string",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a primitive type"),
    };

    private static void Name(StringBuilder builder, AvroNamedSchema schema, string type)
    {
        builder.Append("{\"name\":");
        Quote(builder, schema.FullName);
        builder.Append(",\"type\":\"").Append(type).Append('"');
    }

    private static void Quote(StringBuilder builder, string value) =>
        builder.Append(JsonSerializer.Serialize(value));
}
