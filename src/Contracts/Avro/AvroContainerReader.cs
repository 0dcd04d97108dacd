using System.Text;

namespace Kappa.Contracts.Avro;

/// <summary>
/// Reads an Avro object container file held in memory. The header is validated at construction (magic, metadata,
/// schema, codec); blocks are decoded lazily by <see cref="Read"/>, each checked for its sync marker and for holding
/// exactly its declared values. Every malformation raises <see cref="AvroDecodeException"/>.
/// </summary>
public sealed class AvroContainerReader
{
    private readonly ReadOnlyMemory<byte> _file;
    private readonly byte[] _sync;
    private readonly int _firstBlock;

    /// <summary>Parses the header of <paramref name="file"/>.</summary>
    /// <exception cref="AvroDecodeException">The header is malformed or names an unsupported codec.</exception>
    public AvroContainerReader(ReadOnlyMemory<byte> file)
    {
        _file = file;
        var reader = new AvroBinaryReader(file.Span);
        if (!reader.ReadFixed(AvroContainer.Magic.Length).SequenceEqual(AvroContainer.Magic))
        {
            throw new AvroDecodeException("not an Avro object container file (bad magic)");
        }

        var metadata = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var count = reader.ReadBlockCount(1); count != 0; count = reader.ReadBlockCount(1))
        {
            for (var i = 0L; i < count; i++)
            {
                var key = reader.ReadString();
                metadata[key] = reader.ReadBytes();
            }
        }

        _sync = reader.ReadFixed(AvroContainer.SyncSize).ToArray();
        _firstBlock = reader.Position;
        Metadata = metadata;
        Schema = ParseSchema(metadata);
        Codec = ParseCodec(metadata);
    }

    /// <summary>The writer schema from <c>avro.schema</c>.</summary>
    public AvroSchema Schema { get; }

    /// <summary>The codec from <c>avro.codec</c> (null when absent).</summary>
    public AvroCodec Codec { get; }

    /// <summary>All header metadata, including the <c>avro.</c> keys.</summary>
    public IReadOnlyDictionary<string, byte[]> Metadata { get; }

    /// <summary>Reads a whole stream and parses its header.</summary>
    public static AvroContainerReader Open(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new AvroContainerReader(copy.ToArray());
    }

    /// <summary>Decodes every value, resolved to <paramref name="readerSchema"/> if given.</summary>
    /// <exception cref="AvroSchemaException">The reader schema is incompatible with the file's.</exception>
    /// <exception cref="AvroDecodeException">A block is malformed (raised during enumeration).</exception>
    public IEnumerable<object?> Read(AvroSchema? readerSchema = null)
    {
        var datumReader = new AvroDatumReader(Schema, readerSchema);
        return ReadBlocks(datumReader);
    }

    private IEnumerable<object?> ReadBlocks(AvroDatumReader datumReader)
    {
        var position = _firstBlock;
        while (position < _file.Length)
        {
            var values = ReadBlock(datumReader, ref position);
            foreach (var value in values)
            {
                yield return value;
            }
        }
    }

    private List<object?> ReadBlock(AvroDatumReader datumReader, ref int position)
    {
        var reader = new AvroBinaryReader(_file.Span[position..]);
        var count = reader.ReadLong();
        var size = reader.ReadLong();
        if (count < 0 || size < 0 || size > reader.Remaining)
        {
            throw new AvroDecodeException($"block at byte {position} has invalid count {count} or size {size}");
        }

        var start = position + reader.Position;
        var data = AvroContainer.Decompress(_file.Slice(start, (int)size), Codec);
        reader.ReadFixed((int)size);
        if (!reader.ReadFixed(AvroContainer.SyncSize).SequenceEqual(_sync))
        {
            throw new AvroDecodeException($"block at byte {position} is not followed by the file's sync marker");
        }

        position += reader.Position;
        var blockReader = new AvroBinaryReader(data.Span);
        if (count > blockReader.Remaining + AvroBinaryReader.MaxZeroSizeItems)
        {
            throw new AvroDecodeException($"block count {count} is more than the block can hold");
        }

        var values = new List<object?>();
        for (var i = 0L; i < count; i++)
        {
            values.Add(datumReader.Read(ref blockReader));
        }

        return blockReader.Remaining == 0
            ? values
            : throw new AvroDecodeException($"block ending at byte {position} has {blockReader.Remaining} bytes after its {count} values");
    }

    private static AvroSchema ParseSchema(Dictionary<string, byte[]> metadata)
    {
        if (!metadata.TryGetValue(AvroContainer.SchemaKey, out var json))
        {
            throw new AvroDecodeException("container header has no avro.schema");
        }

        try
        {
            return AvroSchema.Parse(Encoding.UTF8.GetString(json));
        }
        catch (AvroSchemaException e)
        {
            throw new AvroDecodeException($"container avro.schema is invalid: {e.Message}", e);
        }
    }

    private static AvroCodec ParseCodec(Dictionary<string, byte[]> metadata)
    {
        var name = metadata.TryGetValue(AvroContainer.CodecKey, out var codec) ? Encoding.UTF8.GetString(codec) : "null";
        return name switch
        {
            "null" => AvroCodec.Null,
            "deflate" => AvroCodec.Deflate,
            _ => throw new AvroDecodeException($"unsupported codec '{name}' (supported: null, deflate)"),
        };
    }
}
