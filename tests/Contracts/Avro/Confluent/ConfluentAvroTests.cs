using Kappa.Contracts.Avro;
using Kappa.Contracts.Avro.Confluent;
using Xunit;

namespace Kappa.Contracts.Tests.Avro.Confluent;

public sealed class ConfluentAvroTests
{
    private static readonly AvroSchema Bid = AvroSchema.Parse("""
        {"type":"record","name":"Bid","namespace":"nexmark","fields":[
          {"name":"auction","type":"long"},{"name":"bidder","type":"long"},{"name":"price","type":"long"},
          {"name":"channel","type":"string"}]}
        """);

    [Fact]
    public void A_frame_is_magic_byte_zero_then_the_big_endian_schema_id_then_avro()
    {
        var framed = new ConfluentAvroSerializer(0x01020304, Bid).Serialize(NewBid(7));

        Assert.Equal(new byte[] { 0, 1, 2, 3, 4 }, framed[..5]);
        Assert.Equal(new AvroDatumWriter(Bid).Encode(NewBid(7)), framed[5..]);
    }

    [Fact]
    public async Task Values_round_trip_and_each_schema_is_fetched_once()
    {
        var source = new CountingSource(new Dictionary<int, AvroSchema> { [42] = Bid });
        var serializer = new ConfluentAvroSerializer(42, Bid);
        var deserializer = new ConfluentAvroDeserializer(source);

        for (var i = 0; i < 100; i++)
        {
            var bid = (AvroRecord)(await deserializer.DeserializeAsync(serializer.Serialize(NewBid(i))))!;
            Assert.Equal((long)i, bid["price"]);
            Assert.Equal("web", bid["channel"]);
        }

        Assert.Equal(1, source.Calls);
    }

    [Fact]
    public async Task A_reader_schema_resolves_the_writer_schema()
    {
        var reader = AvroSchema.Parse("""
            {"type":"record","name":"Bid","namespace":"nexmark","fields":[
              {"name":"price","type":"double"},{"name":"currency","type":"string","default":"EUR"}]}
            """);
        var deserializer = new ConfluentAvroDeserializer(new CountingSource(new Dictionary<int, AvroSchema> { [1] = Bid }), reader);

        var bid = (AvroRecord)(await deserializer.DeserializeAsync(new ConfluentAvroSerializer(1, Bid).Serialize(NewBid(12))))!;

        Assert.Equal(12.0, bid["price"]);
        Assert.Equal("EUR", bid["currency"]);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0 }, "at least 5 bytes")]
    [InlineData(new byte[] { 1, 0, 0, 0, 42, 2 }, "unknown magic byte 1")]
    [InlineData(new byte[] { 0, 0, 0, 0, 42, 0x80 }, "")]
    public async Task Bad_frames_and_bad_bytes_are_decode_errors(byte[] framed, string reason)
    {
        var deserializer = new ConfluentAvroDeserializer(new CountingSource(new Dictionary<int, AvroSchema> { [42] = Bid }));

        var error = await Assert.ThrowsAsync<AvroDecodeException>(async () => await deserializer.DeserializeAsync(framed));

        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public async Task An_unknown_schema_id_is_its_own_error_and_is_asked_again_next_time()
    {
        var source = new CountingSource([]);
        var deserializer = new ConfluentAvroDeserializer(source);
        var framed = new ConfluentAvroSerializer(99, Bid).Serialize(NewBid(1));

        await Assert.ThrowsAsync<UnknownSchemaException>(async () => await deserializer.DeserializeAsync(framed));
        await Assert.ThrowsAsync<UnknownSchemaException>(async () => await deserializer.DeserializeAsync(framed));

        Assert.Equal(2, source.Calls);
    }

    private static AvroRecord NewBid(long price)
    {
        var bid = new AvroRecord((AvroRecordSchema)Bid);
        bid["auction"] = 1L;
        bid["bidder"] = 2L;
        bid["price"] = price;
        bid["channel"] = "web";
        return bid;
    }

    private sealed class CountingSource(Dictionary<int, AvroSchema> schemas) : ISchemaSource
    {
        public int Calls { get; private set; }

        public ValueTask<AvroSchema> GetSchemaAsync(int id, CancellationToken cancellationToken = default)
        {
            Calls++;
            return schemas.TryGetValue(id, out var schema) ? ValueTask.FromResult(schema) : throw new UnknownSchemaException(id);
        }

        public ValueTask<AvroSchema?> FindLatestAsync(string subject, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<AvroSchema?>(null);
    }
}
