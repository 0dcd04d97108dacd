using System.Buffers;
using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Kappa.Contracts.Avro;

namespace Kappa.Processor.Events.Avro;

/// <summary>
/// Writes an Avro value as the JSON a view sees for an object or array field: records and maps as objects, arrays as
/// arrays, union values bare, enums as symbols, bytes and fixed as base64, and logical types as their field values
/// read alone would be (timestamps as Unix milliseconds, dates as <c>yyyy-MM-dd</c>, decimals as numbers). One writer
/// and buffer are reused; the result is copied to the arena. Not thread-safe.
/// </summary>
internal sealed class AvroJsonRenderer
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly Dictionary<AvroSchema, int> _minSizes = [];

    // Created on first use and reset per value, as RowRenderer's: it holds no resource but its buffer.
    private Utf8JsonWriter? _json;

    private Utf8JsonWriter Writer => _json!;

    /// <summary>Reads one value of <paramref name="schema"/> and returns its JSON, in <paramref name="arena"/>.</summary>
    /// <exception cref="AvroDecodeException">The input is malformed.</exception>
    public ReadOnlyMemory<byte> Render(AvroSchema schema, ref AvroBinaryReader reader, ScratchArena arena, int depth)
    {
        _buffer.ResetWrittenCount();
        _json ??= new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        _json.Reset(_buffer);
        Write(schema, ref reader, depth);
        Writer.Flush();
        var json = arena.Allocate(_buffer.WrittenCount);
        _buffer.WrittenSpan.CopyTo(json.Span);
        return json;
    }

    private void Write(AvroSchema schema, ref AvroBinaryReader reader, int depth)
    {
        if (depth > AvroStepRunner.MaxDepth)
        {
            throw new AvroDecodeException($"value nested deeper than {AvroStepRunner.MaxDepth} levels");
        }

        if (schema.LogicalType != AvroLogicalType.None && WriteLogical(schema, ref reader))
        {
            return;
        }

        switch (schema)
        {
            case { Type: AvroType.Null }:
                Writer.WriteNullValue();
                break;
            case { Type: AvroType.Boolean }:
                Writer.WriteBooleanValue(reader.ReadBoolean());
                break;
            case { Type: AvroType.Int }:
                Writer.WriteNumberValue(reader.ReadInt());
                break;
            case { Type: AvroType.Long }:
                Writer.WriteNumberValue(reader.ReadLong());
                break;
            case { Type: AvroType.Float }:
                WriteFloating(reader.ReadFloat());
                break;
            case { Type: AvroType.Double }:
                WriteFloating(reader.ReadDouble());
                break;
            case { Type: AvroType.String }:
                Writer.WriteStringValue(Utf8Text(reader.ReadBytesSpan()));
                break;
            case { Type: AvroType.Bytes }:
                Writer.WriteBase64StringValue(reader.ReadBytesSpan());
                break;
            case AvroFixedSchema f:
                Writer.WriteBase64StringValue(reader.ReadFixed(f.Size));
                break;
            case AvroEnumSchema e:
                Writer.WriteStringValue(e.Symbols[reader.ReadIndex(e.Symbols.Count, "enum")]);
                break;
            case AvroUnionSchema u:
                Write(u.Branches[reader.ReadIndex(u.Branches.Count, "union branch")], ref reader, depth + 1);
                break;
            case AvroRecordSchema r:
                Writer.WriteStartObject();
                foreach (var field in r.Fields)
                {
                    Writer.WritePropertyName(field.Name);
                    Write(field.Schema, ref reader, depth + 1);
                }

                Writer.WriteEndObject();
                break;
            case AvroArraySchema a:
                Writer.WriteStartArray();
                var itemSize = MinSize(a.Items);
                for (var count = reader.ReadBlockCount(itemSize); count != 0; count = reader.ReadBlockCount(itemSize))
                {
                    for (var i = 0L; i < count; i++)
                    {
                        Write(a.Items, ref reader, depth + 1);
                    }
                }

                Writer.WriteEndArray();
                break;
            case AvroMapSchema m:
                Writer.WriteStartObject();
                var entrySize = MinSize(m.Values) + 1;
                for (var count = reader.ReadBlockCount(entrySize); count != 0; count = reader.ReadBlockCount(entrySize))
                {
                    for (var i = 0L; i < count; i++)
                    {
                        Writer.WritePropertyName(Utf8Text(reader.ReadBytesSpan()));
                        Write(m.Values, ref reader, depth + 1);
                    }
                }

                Writer.WriteEndObject();
                break;
            default:
                throw new AvroDecodeException($"cannot render a value of type {schema.Type}");
        }
    }

    /// <summary>Writes the readable form of a logical type; false when the underlying type's form is used.</summary>
    private bool WriteLogical(AvroSchema schema, ref AvroBinaryReader reader)
    {
        switch (schema.LogicalType)
        {
            case AvroLogicalType.Decimal:
                var unscaled = schema is AvroFixedSchema f ? reader.ReadFixed(f.Size) : reader.ReadBytesSpan();
                WriteNumber(AvroFieldValues.Decimal(unscaled, schema.Scale));
                return true;
            case AvroLogicalType.Date:
                Span<byte> date = stackalloc byte[AvroFieldValues.DateLength];
                AvroFieldValues.FormatDate(reader.ReadInt(), date);
                Writer.WriteStringValue(date);
                return true;
            case AvroLogicalType.TimestampMicros or AvroLogicalType.LocalTimestampMicros:
                Writer.WriteNumberValue(AvroFieldValues.FloorDiv(reader.ReadLong(), 1_000));
                return true;
            case AvroLogicalType.TimestampNanos or AvroLogicalType.LocalTimestampNanos:
                Writer.WriteNumberValue(AvroFieldValues.FloorDiv(reader.ReadLong(), 1_000_000));
                return true;
            case AvroLogicalType.Uuid when schema is AvroFixedSchema:
                Span<byte> uuid = stackalloc byte[AvroFieldValues.UuidLength];
                AvroFieldValues.FormatUuid(reader.ReadFixed(16), uuid);
                Writer.WriteStringValue(uuid);
                return true;
            case AvroLogicalType.Duration:
                var bytes = reader.ReadFixed(12);
                Writer.WriteStartObject();
                Writer.WriteNumber("months"u8, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
                Writer.WriteNumber("days"u8, BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]));
                Writer.WriteNumber("milliseconds"u8, BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]));
                Writer.WriteEndObject();
                return true;
            default:
                return false;
        }
    }

    private void WriteFloating(double value)
    {
        if (double.IsFinite(value))
        {
            Writer.WriteNumberValue(value);
        }
        else
        {
            // JSON has no NaN or infinity; the text names them, as JavaScript would.
            Writer.WriteStringValue(double.IsNaN(value) ? "NaN"u8 : value > 0 ? "Infinity"u8 : "-Infinity"u8);
        }
    }

    private void WriteNumber(in FieldValue number)
    {
        if (number.IsApproximate)
        {
            WriteFloating(number.AsDouble);
        }
        else
        {
            Writer.WriteNumberValue(number.Number);
        }
    }

    private static ReadOnlySpan<byte> Utf8Text(ReadOnlySpan<byte> bytes) =>
        Utf8.IsValid(bytes) ? bytes : throw new AvroDecodeException("a string is not valid UTF-8");

    private int MinSize(AvroSchema schema)
    {
        if (!_minSizes.TryGetValue(schema, out var size))
        {
            size = AvroPlanCompiler.MinSize(schema);
            _minSizes[schema] = size;
        }

        return size;
    }
}
