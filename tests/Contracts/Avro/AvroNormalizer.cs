using System.Text.Json.Nodes;
using Kappa.Contracts.Avro;

namespace Kappa.Contracts.Tests.Avro;

/// <summary>
/// Prints a generic value the way Fixtures/avro_reference.py prints python3-avro's values: bytes and fixed as hex,
/// floats as the hex of their double bits, decimals as plain strings, dates ISO, times and timestamps as microseconds.
/// Logical types python3-avro 1.11 does not know (nanos, local timestamps, duration) stay raw, as there.
/// </summary>
internal static class AvroNormalizer
{
    internal static JsonNode? Normalize(AvroSchema schema, object? value)
    {
        switch (schema, value)
        {
            case (AvroUnionSchema union, _):
                var branch = AvroUnionBranch.Select(union, value);
                return branch < 0 ? throw new InvalidOperationException($"no branch for {value}") : Normalize(union.Branches[branch], value);
            case (_, null):
                return null;
            case (_, bool b):
                return b;
            case (_, int i):
                return schema.LogicalType switch
                {
                    AvroLogicalType.Date => AvroLogical.ToDate(i).ToString("yyyy-MM-dd"),
                    AvroLogicalType.TimeMillis => AvroLogical.FromTimeMicros(AvroLogical.ToTimeMillis(i)),
                    _ => i,
                };
            case (_, long l):
                return schema.LogicalType switch
                {
                    AvroLogicalType.TimeMicros => AvroLogical.FromTimeMicros(AvroLogical.ToTimeMicros(l)),
                    AvroLogicalType.TimestampMillis => AvroLogical.FromDateTime(AvroLogical.ToDateTime(l, schema.LogicalType), AvroLogicalType.TimestampMicros),
                    AvroLogicalType.TimestampMicros => AvroLogical.FromDateTime(AvroLogical.ToDateTime(l, schema.LogicalType), AvroLogicalType.TimestampMicros),
                    _ => l,
                };
            case (_, float f):
                return DoubleHex(f);
            case (_, double d):
                return DoubleHex(d);
            case (_, byte[] bytes):
                return schema.LogicalType == AvroLogicalType.Decimal
                    ? AvroLogical.ToDecimal(bytes, schema.Scale).ToString()
                    : Convert.ToHexStringLower(bytes);
            case (_, string s):
                return s;
            case (_, AvroFixed f):
                return schema.LogicalType == AvroLogicalType.Decimal
                    ? AvroLogical.ToDecimal(f.Value, schema.Scale).ToString()
                    : Convert.ToHexStringLower(f.Value);
            case (_, AvroEnumSymbol e):
                return e.Symbol;
            case (AvroRecordSchema r, AvroRecord record):
                var obj = new JsonObject();
                foreach (var field in r.Fields)
                {
                    obj[field.Name] = Normalize(field.Schema, record[field.Position]);
                }

                return obj;
            case (AvroArraySchema a, IEnumerable<object?> items):
                return new JsonArray(items.Select(item => Normalize(a.Items, item)).ToArray());
            case (AvroMapSchema m, IEnumerable<KeyValuePair<string, object?>> entries):
                var map = new JsonObject();
                foreach (var (key, item) in entries)
                {
                    map[key] = Normalize(m.Values, item);
                }

                return map;
            default:
                throw new InvalidOperationException($"cannot normalize {value} as {schema}");
        }
    }

    private static string DoubleHex(double value) => Convert.ToHexStringLower(BitConverter.GetBytes(value));
}
