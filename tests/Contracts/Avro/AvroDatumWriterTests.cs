using Kappa.Contracts.Avro;
using Xunit;

namespace Kappa.Contracts.Tests.Avro;

/// <summary>Encoding generic values: union branch choice, widening, and errors naming the path of the bad value.</summary>
public sealed class AvroDatumWriterTests
{
    private static readonly AvroRecordSchema Schema = (AvroRecordSchema)AvroSchema.Parse("""
        {"type":"record","name":"R","fields":[
          {"name":"n","type":["null","long","string"]},
          {"name":"items","type":{"type":"array","items":{"type":"record","name":"I","fields":[{"name":"x","type":"int"}]}}}]}
        """);

    [Fact]
    public void Errors_name_the_path_of_the_bad_value()
    {
        var item = (AvroRecordSchema)((AvroArraySchema)Schema.GetField("items")!.Schema).Items;
        var record = new AvroRecord(Schema) { ["items"] = new List<object?> { new AvroRecord(item) { ["x"] = 1 }, new AvroRecord(item) { ["x"] = "two" } } };

        var error = Assert.Throws<AvroEncodeException>(() => new AvroDatumWriter(Schema).Encode(record));

        Assert.StartsWith("$.items[1].x: expected a value for int, got String", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unions_pick_the_exact_branch_then_a_widened_one()
    {
        var union = AvroSchema.Parse("""["null","long","string"]""");
        var writer = new AvroDatumWriter(union);

        Assert.Equal("00", Convert.ToHexStringLower(writer.Encode(null)));
        Assert.Equal("0202", Convert.ToHexStringLower(writer.Encode(1)));
        Assert.Equal("040261", Convert.ToHexStringLower(writer.Encode("a")));
        Assert.Throws<AvroEncodeException>(() => writer.Encode(1.5));
    }

    [Fact]
    public void A_record_that_contains_itself_is_rejected_not_overflowed()
    {
        var schema = (AvroRecordSchema)AvroSchema.Parse("""{"type":"record","name":"L","fields":[{"name":"next","type":["null","L"]}]}""");
        var loop = new AvroRecord(schema);
        loop["next"] = loop;

        var error = Assert.Throws<AvroEncodeException>(() => new AvroDatumWriter(schema).Encode(loop));

        Assert.Contains("nested deeper", error.Message, StringComparison.Ordinal);
    }
}
