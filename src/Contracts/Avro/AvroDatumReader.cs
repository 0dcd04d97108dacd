namespace Kappa.Contracts.Avro;

/// <summary>
/// Decodes generic values (see <see cref="AvroRecord"/>) written with <see cref="WriterSchema"/>, resolving them to
/// <see cref="ReaderSchema"/> per the specification (promotions, field defaults, skipped writer fields, enum
/// defaults, union branch matching, record names and aliases). The resolution is compiled once at construction;
/// the instance is immutable and thread-safe. Any malformed input raises <see cref="AvroDecodeException"/>.
/// </summary>
public sealed class AvroDatumReader
{
    private readonly ReadPlan _plan;

    /// <summary>Creates a reader of data written with <paramref name="writerSchema"/>, read as <paramref name="readerSchema"/> (default: the writer's).</summary>
    /// <exception cref="AvroSchemaException">The schemas are incompatible; the message names the path.</exception>
    public AvroDatumReader(AvroSchema writerSchema, AvroSchema? readerSchema = null)
    {
        ArgumentNullException.ThrowIfNull(writerSchema);
        WriterSchema = writerSchema;
        ReaderSchema = readerSchema ?? writerSchema;
        _plan = AvroResolver.Resolve(WriterSchema, ReaderSchema);
    }

    /// <summary>The schema the data was written with.</summary>
    public AvroSchema WriterSchema { get; }

    /// <summary>The schema values are returned in.</summary>
    public AvroSchema ReaderSchema { get; }

    /// <summary>Reads one value from the reader's current position.</summary>
    /// <exception cref="AvroDecodeException">The input is malformed or truncated.</exception>
    public object? Read(ref AvroBinaryReader reader) => _plan.Read(ref reader, 0);

    /// <summary>Decodes a buffer holding exactly one value; trailing bytes are an error.</summary>
    /// <exception cref="AvroDecodeException">The input is malformed, truncated or has trailing bytes.</exception>
    public object? Decode(ReadOnlySpan<byte> data)
    {
        var reader = new AvroBinaryReader(data);
        var value = Read(ref reader);
        return reader.Remaining == 0
            ? value
            : throw new AvroDecodeException($"{reader.Remaining} trailing bytes after the value");
    }
}
