using System.Buffers;
using System.Collections;

namespace Kappa.Contracts.Avro;

/// <summary>
/// Encodes generic values (see <see cref="AvroRecord"/> for the value model) with one schema. Numbers widen as the
/// specification's promotions allow (an int value fits a long, float or double schema); a union picks its first
/// branch that fits the value's type. Arrays and maps are written as one block then the terminating zero.
/// Values nested deeper than <see cref="MaxDepth"/> (for example a record that contains itself) are rejected.
/// </summary>
public sealed class AvroDatumWriter
{
    /// <summary>The deepest value nesting accepted.</summary>
    public const int MaxDepth = 1000;

    /// <summary>Creates a writer for <paramref name="schema"/>.</summary>
    public AvroDatumWriter(AvroSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
    }

    /// <summary>The schema values are written with.</summary>
    public AvroSchema Schema { get; }

    /// <summary>Encodes one value into a new array.</summary>
    /// <exception cref="AvroEncodeException">The value does not fit the schema.</exception>
    public byte[] Encode(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(new AvroBinaryWriter(buffer), value);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Encodes one value.</summary>
    /// <exception cref="AvroEncodeException">The value does not fit the schema; the message names the path.</exception>
    public void Write(AvroBinaryWriter writer, object? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Write(writer, Schema, value, new AvroValuePath());
    }

    private static void Write(AvroBinaryWriter writer, AvroSchema schema, object? value, AvroValuePath path)
    {
        if (path.Depth > MaxDepth)
        {
            throw path.Error($"value nested deeper than {MaxDepth} levels");
        }

        switch (schema.Type, value)
        {
            case (AvroType.Null, null):
                break;
            case (AvroType.Boolean, bool b):
                writer.WriteBoolean(b);
                break;
            case (AvroType.Int, int i):
                writer.WriteInt(i);
                break;
            case (AvroType.Long, long or int):
                writer.WriteLong(Convert.ToInt64(value, null));
                break;
            case (AvroType.Float, float or int or long):
                writer.WriteFloat(Convert.ToSingle(value, null));
                break;
            case (AvroType.Double, double or float or int or long):
                writer.WriteDouble(Convert.ToDouble(value, null));
                break;
            case (AvroType.Bytes, byte[] bytes):
                writer.WriteBytes(bytes);
                break;
            case (AvroType.String, string s):
                writer.WriteString(s);
                break;
            case (AvroType.Record, AvroRecord record):
                WriteRecord(writer, (AvroRecordSchema)schema, record, path);
                break;
            case (AvroType.Enum, AvroEnumSymbol or string):
                WriteEnum(writer, (AvroEnumSchema)schema, value.ToString()!, path);
                break;
            case (AvroType.Fixed, AvroFixed or byte[]):
                WriteFixed(writer, (AvroFixedSchema)schema, value is AvroFixed f ? f.Value : (byte[])value, path);
                break;
            case (AvroType.Array, IEnumerable items and not string and not byte[] and not IDictionary):
                WriteArray(writer, ((AvroArraySchema)schema).Items, items, path);
                break;
            case (AvroType.Map, IEnumerable<KeyValuePair<string, object?>> entries):
                WriteMap(writer, ((AvroMapSchema)schema).Values, entries, path);
                break;
            case (AvroType.Union, _):
                var union = (AvroUnionSchema)schema;
                var branch = AvroUnionBranch.Select(union, value);
                if (branch < 0)
                {
                    throw path.Error($"no branch of union {union} fits a value of type {TypeName(value)}");
                }

                writer.WriteInt(branch);
                Write(writer, union.Branches[branch], value, path);
                break;
            default:
                throw path.Error($"expected a value for {schema.Type.ToString().ToLowerInvariant()}, got {TypeName(value)}");
        }
    }

    private static void WriteRecord(AvroBinaryWriter writer, AvroRecordSchema schema, AvroRecord record, AvroValuePath path)
    {
        if (record.Schema.FullName != schema.FullName)
        {
            throw path.Error($"expected record '{schema.FullName}', got '{record.Schema.FullName}'");
        }

        var sameSchema = ReferenceEquals(record.Schema, schema);
        foreach (var field in schema.Fields)
        {
            path.Push(field.Name);
            var value = sameSchema ? record[field.Position]
                : record.Schema.TryGetPosition(field.Name, out var position) ? record[position]
                : throw path.Error("the record value has no such field");
            Write(writer, field.Schema, value, path);
            path.Pop();
        }
    }

    private static void WriteEnum(AvroBinaryWriter writer, AvroEnumSchema schema, string symbol, AvroValuePath path)
    {
        var index = schema.IndexOf(symbol);
        if (index < 0)
        {
            throw path.Error($"'{symbol}' is not a symbol of enum '{schema.FullName}'");
        }

        writer.WriteInt(index);
    }

    private static void WriteFixed(AvroBinaryWriter writer, AvroFixedSchema schema, byte[] bytes, AvroValuePath path)
    {
        if (bytes.Length != schema.Size)
        {
            throw path.Error($"fixed '{schema.FullName}' needs {schema.Size} bytes, got {bytes.Length}");
        }

        writer.WriteFixed(bytes);
    }

    private static void WriteArray(AvroBinaryWriter writer, AvroSchema items, IEnumerable values, AvroValuePath path)
    {
        var list = values as IList ?? values.Cast<object?>().ToList();
        if (list.Count > 0)
        {
            writer.WriteLong(list.Count);
            for (var i = 0; i < list.Count; i++)
            {
                path.Push(i);
                Write(writer, items, list[i], path);
                path.Pop();
            }
        }

        writer.WriteLong(0);
    }

    private static void WriteMap(AvroBinaryWriter writer, AvroSchema values, IEnumerable<KeyValuePair<string, object?>> entries, AvroValuePath path)
    {
        var list = entries as IReadOnlyCollection<KeyValuePair<string, object?>> ?? entries.ToList();
        if (list.Count > 0)
        {
            writer.WriteLong(list.Count);
            foreach (var (key, value) in list)
            {
                writer.WriteString(key);
                path.PushKey(key);
                Write(writer, values, value, path);
                path.Pop();
            }
        }

        writer.WriteLong(0);
    }

    private static string TypeName(object? value) => value?.GetType().Name ?? "null";
}
