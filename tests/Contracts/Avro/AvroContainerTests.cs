using System.Text;
using Kappa.Contracts.Avro;
using Xunit;

namespace Kappa.Contracts.Tests.Avro;

/// <summary>Object container files: round trips with both codecs, metadata, and corrupt files.</summary>
public sealed class AvroContainerTests
{
    private static readonly AvroRecordSchema Schema = (AvroRecordSchema)AvroSchema.Parse(
        """{"type":"record","name":"E","fields":[{"name":"id","type":"long"},{"name":"name","type":"string"}]}""");

    [Theory]
    [InlineData(AvroCodec.Null)]
    [InlineData(AvroCodec.Deflate)]
    public void Values_round_trip_across_many_blocks(AvroCodec codec)
    {
        var file = Write(codec, 1000, blockSize: 256);

        var reader = new AvroContainerReader(file);
        var values = reader.Read().Cast<AvroRecord>().ToList();

        Assert.Equal(codec, reader.Codec);
        Assert.Equal(Schema.CanonicalForm, reader.Schema.CanonicalForm);
        Assert.Equal("v", Encoding.UTF8.GetString(reader.Metadata["user.key"]));
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), values.Select(v => (long)v["id"]!));
        Assert.Equal("name-999", values[999]["name"]);
    }

    [Fact]
    public void Values_can_be_read_with_an_evolved_reader_schema()
    {
        var evolved = AvroSchema.Parse("""{"type":"record","name":"E","fields":[{"name":"id","type":"double"},{"name":"extra","type":"int","default":5}]}""");

        var values = new AvroContainerReader(Write(AvroCodec.Deflate, 3)).Read(evolved).Cast<AvroRecord>().ToList();

        Assert.Equal(2.0, values[2]["id"]);
        Assert.Equal(5, values[2]["extra"]);
    }

    [Fact]
    public void An_empty_file_has_a_header_and_no_values()
    {
        Assert.Empty(new AvroContainerReader(Write(AvroCodec.Null, 0)).Read());
    }

    [Fact]
    public void Bad_magic_is_rejected()
    {
        var file = Write(AvroCodec.Null, 1);
        file[0] = (byte)'X';

        Assert.Throws<AvroDecodeException>(() => new AvroContainerReader(file));
    }

    [Fact]
    public void A_corrupt_sync_marker_is_rejected()
    {
        var file = Write(AvroCodec.Null, 1);
        file[^1] ^= 0xff;

        var error = Assert.Throws<AvroDecodeException>(() => new AvroContainerReader(file).Read().ToList());

        Assert.Contains("sync marker", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_file_is_rejected()
    {
        var file = Write(AvroCodec.Deflate, 10);

        Assert.Throws<AvroDecodeException>(() => new AvroContainerReader(file.AsMemory(0, file.Length - 20)).Read().ToList());
    }

    [Fact]
    public void An_unknown_codec_is_rejected()
    {
        var file = Write(AvroCodec.Null, 1);
        var text = Encoding.Latin1.GetString(file).Replace("\u0008null", "\u0008zstd", StringComparison.Ordinal);

        var error = Assert.Throws<AvroDecodeException>(() => new AvroContainerReader(Encoding.Latin1.GetBytes(text)));

        Assert.Contains("unsupported codec 'zstd'", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Write(AvroCodec codec, int count, int blockSize = 64 * 1024)
    {
        using var stream = new MemoryStream();
        using (var writer = new AvroContainerWriter(stream, Schema, codec, new Dictionary<string, byte[]> { ["user.key"] = "v"u8.ToArray() }, blockSize, leaveOpen: true))
        {
            for (var i = 0; i < count; i++)
            {
                writer.Append(new AvroRecord(Schema) { ["id"] = (long)i, ["name"] = $"name-{i}" });
            }
        }

        return stream.ToArray();
    }
}
