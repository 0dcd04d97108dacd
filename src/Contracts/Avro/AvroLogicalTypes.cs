using System.Text.Json;

namespace Kappa.Contracts.Avro;

/// <summary>
/// Applies a <c>logicalType</c> annotation to a freshly parsed schema. Per the specification, an unknown logical type,
/// one on the wrong underlying type, or a decimal with invalid precision/scale is ignored: the schema stays its
/// underlying type.
/// </summary>
internal static class AvroLogicalTypes
{
    internal static void Apply(AvroSchema schema, string name, JsonElement json)
    {
        var fixedSize = schema is AvroFixedSchema f ? f.Size : -1;
        var logical = (name, schema.Type) switch
        {
            ("decimal", AvroType.Bytes or AvroType.Fixed) => AvroLogicalType.Decimal,
            ("uuid", AvroType.String) => AvroLogicalType.Uuid,
            ("uuid", AvroType.Fixed) when fixedSize == 16 => AvroLogicalType.Uuid,
            ("date", AvroType.Int) => AvroLogicalType.Date,
            ("time-millis", AvroType.Int) => AvroLogicalType.TimeMillis,
            ("time-micros", AvroType.Long) => AvroLogicalType.TimeMicros,
            ("timestamp-millis", AvroType.Long) => AvroLogicalType.TimestampMillis,
            ("timestamp-micros", AvroType.Long) => AvroLogicalType.TimestampMicros,
            ("timestamp-nanos", AvroType.Long) => AvroLogicalType.TimestampNanos,
            ("local-timestamp-millis", AvroType.Long) => AvroLogicalType.LocalTimestampMillis,
            ("local-timestamp-micros", AvroType.Long) => AvroLogicalType.LocalTimestampMicros,
            ("local-timestamp-nanos", AvroType.Long) => AvroLogicalType.LocalTimestampNanos,
            ("duration", AvroType.Fixed) when fixedSize == 12 => AvroLogicalType.Duration,
            _ => AvroLogicalType.None,
        };

        if (logical != AvroLogicalType.Decimal)
        {
            schema.SetLogicalType(logical);
            return;
        }

        if (!json.TryGetProperty("precision", out var p) || !p.TryGetInt32(out var precision) || precision <= 0)
        {
            return;
        }

        var scale = 0;
        if (json.TryGetProperty("scale", out var s) && (!s.TryGetInt32(out scale) || scale < 0))
        {
            return;
        }

        if (scale > precision || (fixedSize >= 0 && precision > MaxFixedPrecision(fixedSize)))
        {
            return;
        }

        schema.SetLogicalType(AvroLogicalType.Decimal, precision, scale);
    }

    /// <summary>floor(log10(2^(8n-1) - 1)): the most decimal digits an n-byte two's-complement value always holds.</summary>
    internal static int MaxFixedPrecision(int size) =>
        size == 0 ? 0 : (int)Math.Floor(((8.0 * size) - 1) * Math.Log10(2));
}
