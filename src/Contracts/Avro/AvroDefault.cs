using System.Text.Json;

namespace Kappa.Contracts.Avro;

/// <summary>
/// A field default converted from its JSON form to a generic value, validated once at construction. Immutable values
/// are shared; arrays, maps, records and byte values are rebuilt on each use so records never share mutable state.
/// JSON bytes and fixed defaults are strings whose code points 0-255 are the bytes, as the specification says.
/// </summary>
internal sealed class AvroDefault
{
    private readonly JsonElement _json;
    private readonly AvroSchema _schema;
    private readonly object? _shared;
    private readonly bool _mutable;

    internal AvroDefault(JsonElement json, AvroSchema schema, string path)
    {
        _json = json;
        _schema = schema;
        _shared = Convert(json, schema, path, 0);
        _mutable = _shared is AvroRecord or AvroFixed or byte[] or List<object?> or Dictionary<string, object?>;
    }

    internal object? Create() => _mutable ? Convert(_json, _schema, string.Empty, 0) : _shared;

    private static object? Convert(JsonElement json, AvroSchema schema, string path, int depth)
    {
        if (depth > AvroSchemaParser.MaxDepth)
        {
            throw new AvroSchemaException($"{path}: default value nested too deeply");
        }

        switch (schema, json.ValueKind)
        {
            case ({ Type: AvroType.Null }, JsonValueKind.Null):
                return null;
            case ({ Type: AvroType.Boolean }, JsonValueKind.True or JsonValueKind.False):
                return json.GetBoolean();
            case ({ Type: AvroType.Int }, JsonValueKind.Number) when json.TryGetInt32(out var i):
                return i;
            case ({ Type: AvroType.Long }, JsonValueKind.Number) when json.TryGetInt64(out var l):
                return l;
            case ({ Type: AvroType.Float }, JsonValueKind.Number):
                return (float)json.GetDouble();
            case ({ Type: AvroType.Double }, JsonValueKind.Number):
                return json.GetDouble();
            case ({ Type: AvroType.String }, JsonValueKind.String):
                return json.GetString();
            case ({ Type: AvroType.Bytes }, JsonValueKind.String):
                return Latin1(json.GetString()!, path);
            case (AvroFixedSchema f, JsonValueKind.String):
                var bytes = Latin1(json.GetString()!, path);
                return bytes.Length == f.Size
                    ? new AvroFixed(f, bytes)
                    : throw new AvroSchemaException($"{path}: default for fixed '{f.FullName}' must have {f.Size} bytes");
            case (AvroEnumSchema e, JsonValueKind.String) when e.IndexOf(json.GetString()!) >= 0:
                return new AvroEnumSymbol(e, json.GetString()!);
            case (AvroArraySchema a, JsonValueKind.Array):
                return json.EnumerateArray().Select((item, n) => Convert(item, a.Items, $"{path}[{n}]", depth + 1)).ToList();
            case (AvroMapSchema m, JsonValueKind.Object):
                return json.EnumerateObject().ToDictionary(
                    p => p.Name, p => Convert(p.Value, m.Values, $"{path}.{p.Name}", depth + 1), StringComparer.Ordinal);
            case (AvroRecordSchema r, JsonValueKind.Object):
                return Record(json, r, path, depth);
            case (AvroUnionSchema u, _):
                return Union(json, u, path, depth);
            default:
                throw new AvroSchemaException($"{path}: default value {json.GetRawText()} does not fit schema {schema}");
        }
    }

    private static AvroRecord Record(JsonElement json, AvroRecordSchema schema, string path, int depth)
    {
        var record = new AvroRecord(schema);
        foreach (var field in schema.Fields)
        {
            var fieldPath = $"{path}.{field.Name}";
            if (json.TryGetProperty(field.Name, out var value))
            {
                record[field.Position] = Convert(value, field.Schema, fieldPath, depth + 1);
            }
            else if (field.DefaultValue is { } fieldDefault)
            {
                record[field.Position] = Convert(fieldDefault, field.Schema, fieldPath, depth + 1);
            }
            else
            {
                throw new AvroSchemaException($"{fieldPath}: default record value lacks field '{field.Name}', which has no default");
            }
        }

        return record;
    }

    /// <summary>The specification ties a union default to the first branch; Kappa leniently takes the first branch it fits.</summary>
    private static object? Union(JsonElement json, AvroUnionSchema union, string path, int depth)
    {
        foreach (var branch in union.Branches)
        {
            try
            {
                return Convert(json, branch, path, depth + 1);
            }
            catch (AvroSchemaException)
            {
                // The value is tried against the next branch; the error below covers the case none fits.
            }
        }

        throw new AvroSchemaException($"{path}: default value {json.GetRawText()} fits no branch of union {union}");
    }

    private static byte[] Latin1(string text, string path)
    {
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            bytes[i] = text[i] <= 0xff
                ? (byte)text[i]
                : throw new AvroSchemaException($"{path}: bytes default has a character above U+00FF");
        }

        return bytes;
    }
}
