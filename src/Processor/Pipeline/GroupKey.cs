using System.Buffers;
using System.Text.Json;
using Kappa.Processor.Events;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// Builds a row's group key from the key fields. One field: its text (strings as they are, numbers and
/// booleans in their JSON form), so a query names the key as a user writes it. Several fields: a JSON array of
/// them, e.g. <c>["EU","DE"]</c>, which no single value can be confused with.
/// </summary>
internal sealed class GroupKey
{
    private readonly ArrayBufferWriter<byte> _buffer = new(128);

    /// <summary>Writes the key of <paramref name="fields"/>; returns false with a reason when a field is missing.</summary>
    public bool TryBuild(ReadOnlySpan<FieldValue> fields, IReadOnlyList<string> names, out ReadOnlySpan<byte> key, out string? error)
    {
        _buffer.ResetWrittenCount();
        key = default;
        error = null;
        for (var i = 0; i < fields.Length; i++)
        {
            if (fields[i].IsMissingOrNull || fields[i].Kind == FieldKind.Composite)
            {
                error = fields[i].Kind == FieldKind.Composite
                    ? $"key field '{names[i]}' is an object or array"
                    : $"key field '{names[i]}' is missing or null";
                return false;
            }

            if (fields[i].IsApproximate && !double.IsFinite(fields[i].AsDouble))
            {
                // Avro doubles and floats may hold NaN or an infinity, which no key text spells (JSON has none).
                error = $"key field '{names[i]}' is {fields[i].AsDouble.ToString(System.Globalization.CultureInfo.InvariantCulture)}, not a finite number";
                return false;
            }
        }

        if (fields.Length == 1 && fields[0].Kind == FieldKind.Text)
        {
            key = fields[0].Utf8.Span;
            return true;
        }

        using (var writer = new Utf8JsonWriter(_buffer))
        {
            if (fields.Length > 1)
            {
                writer.WriteStartArray();
            }

            foreach (ref readonly var field in fields)
            {
                switch (field.Kind)
                {
                    case FieldKind.Text:
                        writer.WriteStringValue(field.Utf8.Span);
                        break;
                    case FieldKind.Boolean:
                        writer.WriteBooleanValue(field.Boolean);
                        break;
                    default:
                        if (field.IsApproximate)
                        {
                            writer.WriteNumberValue(field.AsDouble);
                        }
                        else
                        {
                            // Normalized, so 1, 1.0 and 1e0 are one group, as they are one value.
                            writer.WriteNumberValue(Aggregates.DecimalMath.Normalize(field.Number));
                        }

                        break;
                }
            }

            if (fields.Length > 1)
            {
                writer.WriteEndArray();
            }
        }

        key = _buffer.WrittenSpan;
        return true;
    }
}
