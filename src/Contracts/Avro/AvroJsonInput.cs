using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace Kappa.Contracts.Avro;

/// <summary>
/// Maps plain JSON (what producers and people write) to a generic Avro value of a schema, for
/// <see cref="AvroDatumWriter"/>. The JSON is read by the schema: numbers become int, long, float or double as
/// the schema says; records are objects whose missing fields take their defaults; enums are symbol strings; bytes
/// and fixed are base64 strings. A union takes a bare value in the first branch it fits (null for the null
/// branch), or Apache's JSON encoding of a union, <c>{"branch type name": value}</c>. Logical types also take
/// their readable forms: timestamps as ISO-8601 strings with an offset, dates as <c>yyyy-MM-dd</c>, decimals as
/// JSON numbers. Every mismatch is an <see cref="AvroEncodeException"/> naming the path.
/// </summary>
public static class AvroJsonInput
{
    /// <summary>The generic value of <paramref name="schema"/> that <paramref name="json"/> denotes.</summary>
    /// <exception cref="AvroEncodeException">The JSON does not fit the schema.</exception>
    public static object? Read(JsonElement json, AvroSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return Read(json, schema, "$", 0);
    }

    private static object? Read(JsonElement json, AvroSchema schema, string path, int depth)
    {
        if (depth > AvroDatumWriter.MaxDepth)
        {
            throw new AvroEncodeException($"{path}: value nested deeper than {AvroDatumWriter.MaxDepth} levels");
        }

        if (schema.LogicalType != AvroLogicalType.None && Logical(json, schema, path) is { } logical)
        {
            return logical;
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
                return Base64(json, path);
            case (AvroFixedSchema f, JsonValueKind.String):
                var bytes = Base64(json, path);
                return bytes.Length == f.Size
                    ? new AvroFixed(f, bytes)
                    : throw new AvroEncodeException($"{path}: fixed '{f.FullName}' needs {f.Size} bytes, the base64 string holds {bytes.Length}");
            case (AvroEnumSchema e, JsonValueKind.String):
                var symbol = json.GetString()!;
                return e.IndexOf(symbol) >= 0
                    ? new AvroEnumSymbol(e, symbol)
                    : throw new AvroEncodeException($"{path}: '{symbol}' is not a symbol of enum '{e.FullName}' ({string.Join(", ", e.Symbols)})");
            case (AvroArraySchema a, JsonValueKind.Array):
                var items = new List<object?>(json.GetArrayLength());
                var n = 0;
                foreach (var item in json.EnumerateArray())
                {
                    items.Add(Read(item, a.Items, $"{path}[{n++}]", depth + 1));
                }

                return items;
            case (AvroMapSchema m, JsonValueKind.Object):
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in json.EnumerateObject())
                {
                    map[property.Name] = Read(property.Value, m.Values, $"{path}.{property.Name}", depth + 1);
                }

                return map;
            case (AvroRecordSchema r, JsonValueKind.Object):
                return Record(json, r, path, depth);
            case (AvroUnionSchema u, _):
                return Union(json, u, path, depth);
            default:
                throw new AvroEncodeException($"{path}: {Describe(json)} does not fit {Describe(schema)}");
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
                record[field.Position] = Read(value, field.Schema, fieldPath, depth + 1);
            }
            else if (field.DefaultValue is { } fieldDefault)
            {
                // Defaults follow the specification's JSON rules, which for plain values are these.
                record[field.Position] = Read(fieldDefault, field.Schema, fieldPath, depth + 1);
            }
            else
            {
                throw new AvroEncodeException($"{fieldPath}: missing, and field '{field.Name}' has no default");
            }
        }

        foreach (var property in json.EnumerateObject())
        {
            if (schema.GetField(property.Name) is null)
            {
                throw new AvroEncodeException($"{path}: record '{schema.FullName}' has no field '{property.Name}'");
            }
        }

        return record;
    }

    private static object? Union(JsonElement json, AvroUnionSchema union, string path, int depth)
    {
        // Apache's encoding: an object with one property named after a non-null branch.
        if (json.ValueKind == JsonValueKind.Object && json.EnumerateObject().Take(2).Count() == 1)
        {
            var property = json.EnumerateObject().First();
            var named = union.Branches.FirstOrDefault(b => BranchName(b) == property.Name);
            if (named is not null)
            {
                return Read(property.Value, named, path, depth + 1);
            }
        }

        foreach (var branch in union.Branches)
        {
            try
            {
                return Read(json, branch, path, depth + 1);
            }
            catch (AvroEncodeException)
            {
                // The value is tried against the next branch; the error below covers the case none fits.
            }
        }

        throw new AvroEncodeException($"{path}: {Describe(json)} fits no branch of union {union}");
    }

    /// <summary>The readable forms of logical types; null when the JSON is in the underlying type's form.</summary>
    private static object? Logical(JsonElement json, AvroSchema schema, string path)
    {
        switch (schema.LogicalType, json.ValueKind)
        {
            case (AvroLogicalType.TimestampMillis or AvroLogicalType.TimestampMicros or AvroLogicalType.TimestampNanos, JsonValueKind.String):
                return DateTimeOffset.TryParse(json.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) && HasOffset(json.GetString()!)
                    ? AvroLogical.FromDateTime(instant.UtcDateTime, schema.LogicalType)
                    : throw new AvroEncodeException($"{path}: '{json.GetString()}' is not an ISO-8601 timestamp with an offset");
            case (AvroLogicalType.LocalTimestampMillis or AvroLogicalType.LocalTimestampMicros or AvroLogicalType.LocalTimestampNanos, JsonValueKind.String):
                return DateTime.TryParse(json.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
                    ? AvroLogical.FromDateTime(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), schema.LogicalType)
                    : throw new AvroEncodeException($"{path}: '{json.GetString()}' is not an ISO-8601 local timestamp");
            case (AvroLogicalType.Date, JsonValueKind.String):
                return DateOnly.TryParseExact(json.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? AvroLogical.FromDate(date)
                    : throw new AvroEncodeException($"{path}: '{json.GetString()}' is not a date (yyyy-MM-dd)");
            case (AvroLogicalType.Decimal, JsonValueKind.Number):
                var unscaled = Unscaled(json.GetRawText(), schema.Scale, path);
                var value = new AvroDecimal(unscaled, schema.Scale);
                return schema is AvroFixedSchema fixedSchema
                    ? new AvroFixed(fixedSchema, AvroLogical.FromDecimal(value, fixedSchema.Size))
                    : AvroLogical.FromDecimal(value);
            default:
                return null;
        }
    }

    /// <summary>The unscaled integer of a JSON number at a scale, exactly (no binary floating point in between).</summary>
    private static BigInteger Unscaled(string number, int scale, string path)
    {
        if (!decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new AvroEncodeException($"{path}: {number} is out of range for a decimal");
        }

        var scaled = value * (decimal)BigInteger.Pow(10, scale);
        return scaled == decimal.Truncate(scaled)
            ? new BigInteger(scaled)
            : throw new AvroEncodeException($"{path}: {number} has more than {scale} digits after the point");
    }

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');

    private static byte[] Base64(JsonElement json, string path)
    {
        try
        {
            return Convert.FromBase64String(json.GetString()!);
        }
        catch (FormatException)
        {
            throw new AvroEncodeException($"{path}: bytes must be a base64 string");
        }
    }

    private static string BranchName(AvroSchema branch) =>
        branch is AvroNamedSchema named ? named.FullName : branch.Type.ToString().ToLowerInvariant();

    private static string Describe(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {json.GetRawText()}",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Describe(AvroSchema schema) => schema is AvroNamedSchema named
        ? $"{schema.Type.ToString().ToLowerInvariant()} '{named.FullName}'"
        : schema.Type.ToString().ToLowerInvariant();
}
