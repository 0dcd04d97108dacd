using System.Buffers;
using Kappa.Contracts.Avro;
using Xunit;

namespace Kappa.Contracts.Tests.Avro;

/// <summary>The binary encoding: varint edge cases, block encodings, and each kind of bad input.</summary>
public sealed class AvroBinaryReaderTests
{
    [Theory]
    [InlineData(0, "00")]
    [InlineData(-1, "01")]
    [InlineData(1, "02")]
    [InlineData(-64, "7f")]
    [InlineData(64, "8001")]
    [InlineData(int.MaxValue, "feffffff0f")]
    [InlineData(int.MinValue, "ffffffff0f")]
    public void Ints_round_trip_as_zig_zag_varints(int value, string hex)
    {
        var buffer = new ArrayBufferWriter<byte>();
        new AvroBinaryWriter(buffer).WriteInt(value);

        Assert.Equal(hex, Convert.ToHexStringLower(buffer.WrittenSpan));
        var reader = new AvroBinaryReader(buffer.WrittenSpan);
        Assert.Equal(value, reader.ReadInt());
        Assert.Equal(0, reader.Remaining);
    }

    [Theory]
    [InlineData(long.MaxValue, "feffffffffffffffff01")]
    [InlineData(long.MinValue, "ffffffffffffffffff01")]
    [InlineData(int.MaxValue + 1L, "8080808010")]
    [InlineData(-8192L, "ff7f")]
    public void Longs_round_trip_as_zig_zag_varints(long value, string hex)
    {
        var buffer = new ArrayBufferWriter<byte>();
        new AvroBinaryWriter(buffer).WriteLong(value);

        Assert.Equal(hex, Convert.ToHexStringLower(buffer.WrittenSpan));
        var reader = new AvroBinaryReader(buffer.WrittenSpan);
        Assert.Equal(value, reader.ReadLong());
    }

    [Theory]
    [InlineData("8080808010", "too long or too large for an int")]
    [InlineData("808080808000", "too long or too large for an int")]
    [InlineData("ffffffff1f", "too long or too large for an int")]
    [InlineData("8080", "unexpected end of input")]
    [InlineData("", "unexpected end of input")]
    public void Bad_int_varints_are_rejected(string hex, string message)
    {
        var error = Assert.Throws<AvroDecodeException>(() => new AvroBinaryReader(Convert.FromHexString(hex)).ReadInt());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ffffffffffffffffff03", "too long or too large for a long")]
    [InlineData("8080808080808080808000", "too long or too large for a long")]
    [InlineData("ffffffffffffffffff", "unexpected end of input")]
    public void Bad_long_varints_are_rejected(string hex, string message)
    {
        var error = Assert.Throws<AvroDecodeException>(() => new AvroBinaryReader(Convert.FromHexString(hex)).ReadLong());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Floats_and_doubles_are_little_endian_ieee()
    {
        var reader = new AvroBinaryReader(Convert.FromHexString("0000504000000000000004c0"));

        Assert.Equal(3.25f, reader.ReadFloat());
        Assert.Equal(-2.5, reader.ReadDouble());
    }

    [Theory]
    [InlineData("\"bytes\"", "01", "negative length -1")]
    [InlineData("\"string\"", "0a6162", "length 5 exceeds the 2 bytes left")]
    [InlineData("\"string\"", "feffffffffffffffff01", "exceeds")]
    [InlineData("\"string\"", "04c328", "invalid UTF-8")]
    [InlineData("\"boolean\"", "02", "invalid boolean byte 0x02")]
    [InlineData("\"double\"", "00000000", "need 8 bytes, 4 left")]
    [InlineData("""["null","int"]""", "04", "union branch index 2 out of range 0..1")]
    [InlineData("""["null","int"]""", "01", "union branch index -1 out of range")]
    [InlineData("""{"type":"enum","name":"E","symbols":["A","B"]}""", "04", "enum index 2 out of range 0..1")]
    [InlineData("""{"type":"fixed","name":"F","size":4}""", "010203", "need 4 bytes, 3 left")]
    [InlineData("""{"type":"array","items":"long"}""", "ffffffffffffffffff01", "block count out of range")]
    [InlineData("""{"type":"array","items":"long"}""", "feffffffffffffffff01", "is more than the input can hold")]
    [InlineData("""{"type":"array","items":"null"}""", "feffffffffffffffff01", "is more than the input can hold")]
    [InlineData("""{"type":"map","values":"int"}""", "0302", "block byte size 1 is negative or exceeds")]
    [InlineData("""{"type":"map","values":"int"}""", "0301", "block byte size -1 is negative")]
    [InlineData("\"int\"", "0200", "1 trailing bytes")]
    public void Each_kind_of_bad_input_raises_a_decode_exception(string schema, string hex, string message)
    {
        var reader = new AvroDatumReader(AvroSchema.Parse(schema));

        var error = Assert.Throws<AvroDecodeException>(() => reader.Decode(Convert.FromHexString(hex)));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_block_counts_carry_a_byte_size_and_mix_with_positive_blocks()
    {
        // Block of -2 items (6 bytes: "a"->1, "bc"->2), then a block of 1 item, then the end.
        var data = Convert.FromHexString("030c" + "026102" + "04626304" + "02" + "026406" + "00");
        var reader = new AvroDatumReader(AvroSchema.Parse("""{"type":"map","values":"int"}"""));

        var map = Assert.IsType<Dictionary<string, object?>>(reader.Decode(data));

        Assert.Equal(new Dictionary<string, object?> { ["a"] = 1, ["bc"] = 2, ["d"] = 3 }, map);
    }

    [Fact]
    public void Negative_block_counts_are_skipped_for_writer_only_fields()
    {
        var writer = AvroSchema.Parse("""{"type":"record","name":"R","fields":[{"name":"a","type":{"type":"array","items":"int"}},{"name":"b","type":"int"}]}""");
        var reader = AvroSchema.Parse("""{"type":"record","name":"R","fields":[{"name":"b","type":"int"}]}""");
        var data = Convert.FromHexString("0304" + "0204" + "00" + "0e");

        var record = Assert.IsType<AvroRecord>(new AvroDatumReader(writer, reader).Decode(data));

        Assert.Equal(7, record["b"]);
    }

    [Fact]
    public void Deeply_nested_recursive_data_fails_cleanly()
    {
        var schema = AvroSchema.Parse("""{"type":"record","name":"L","fields":[{"name":"next","type":["null","L"]}]}""");
        var data = new byte[100_000];
        data.AsSpan().Fill(2);

        var error = Assert.Throws<AvroDecodeException>(() => new AvroDatumReader(schema).Decode(data));

        Assert.Contains("nested deeper", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_a_ten_field_record_of_primitives_through_the_span_reader_does_not_allocate()
    {
        var schema = (AvroRecordSchema)AvroSchema.Parse("""
            {"type":"record","name":"P","fields":[
              {"name":"a","type":"int"},{"name":"b","type":"long"},{"name":"c","type":"float"},{"name":"d","type":"double"},
              {"name":"e","type":"boolean"},{"name":"f","type":"string"},{"name":"g","type":"bytes"},{"name":"h","type":"int"},
              {"name":"i","type":"long"},{"name":"j","type":"string"}]}
            """);
        var record = new AvroRecord(schema)
        {
            ["a"] = 1,
            ["b"] = 2L,
            ["c"] = 3f,
            ["d"] = 4.0,
            ["e"] = true,
            ["f"] = "five",
            ["g"] = new byte[] { 6 },
            ["h"] = 8,
            ["i"] = 9L,
            ["j"] = "ten",
        };
        var data = new AvroDatumWriter(schema).Encode(record);
        var sum = ReadAll(data);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            sum += ReadAll(data);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }

    private static double ReadAll(ReadOnlySpan<byte> data)
    {
        var reader = new AvroBinaryReader(data);
        var sum = reader.ReadInt() + reader.ReadLong() + reader.ReadFloat() + reader.ReadDouble() + (reader.ReadBoolean() ? 1 : 0);
        sum += reader.ReadBytesSpan().Length + reader.ReadBytesSpan().Length + reader.ReadInt() + reader.ReadLong() + reader.ReadBytesSpan().Length;
        return sum;
    }
}
