namespace Kappa.Contracts.Avro;

/// <summary>Reads a primitive writer value, applying the specification's promotion to the reader's primitive type.</summary>
internal sealed class PrimitiveReadPlan : ReadPlan
{
    private readonly AvroType _writer;
    private readonly AvroType _reader;

    private PrimitiveReadPlan(AvroType writer, AvroType reader)
    {
        _writer = writer;
        _reader = reader;
    }

    /// <summary>The plan for a writer and reader primitive type, or null if the writer's cannot be promoted to the reader's.</summary>
    internal static PrimitiveReadPlan? Create(AvroType writer, AvroType reader) =>
        IsPromotable(writer, reader) ? new PrimitiveReadPlan(writer, reader) : null;

    internal static bool IsPromotable(AvroType writer, AvroType reader) => (writer, reader) switch
    {
        _ when writer == reader => true,
        (AvroType.Int, AvroType.Long or AvroType.Float or AvroType.Double) => true,
        (AvroType.Long, AvroType.Float or AvroType.Double) => true,
        (AvroType.Float, AvroType.Double) => true,
        (AvroType.String, AvroType.Bytes) => true,
        (AvroType.Bytes, AvroType.String) => true,
        _ => false,
    };

    /// <remarks>Arms are cast to object: a switch over mixed numeric types would otherwise widen them all to double.</remarks>
    internal override object? Read(ref AvroBinaryReader reader, int depth)
    {
        switch (_writer)
        {
            case AvroType.Null:
                return null;
            case AvroType.Boolean:
                return reader.ReadBoolean();
            case AvroType.Int:
                var i = reader.ReadInt();
                return _reader switch
                {
                    AvroType.Long => (object)(long)i,
                    AvroType.Float => (float)i,
                    AvroType.Double => (double)i,
                    _ => i,
                };
            case AvroType.Long:
                var l = reader.ReadLong();
                return _reader switch
                {
                    AvroType.Float => (object)(float)l,
                    AvroType.Double => (double)l,
                    _ => l,
                };
            case AvroType.Float:
                var f = reader.ReadFloat();
                return _reader == AvroType.Double ? (double)f : (object)f;
            case AvroType.Double:
                return reader.ReadDouble();
            case AvroType.Bytes:
                return _reader == AvroType.String ? reader.ReadString() : (object)reader.ReadBytes();
            default:
                return _reader == AvroType.Bytes ? reader.ReadBytes() : (object)reader.ReadString();
        }
    }
}
