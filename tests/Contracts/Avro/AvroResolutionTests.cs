using Kappa.Contracts.Avro;
using Xunit;

namespace Kappa.Contracts.Tests.Avro;

/// <summary>Schema resolution rules not covered by the reference comparison: messages, recursion, union preferences.</summary>
public sealed class AvroResolutionTests
{
    [Theory]
    [InlineData("""{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}""", """{"type":"record","name":"R","fields":[{"name":"a","type":"string"}]}""", "$.a: writer type \"int\" cannot be read as \"string\"")]
    [InlineData("""{"type":"record","name":"R","fields":[]}""", """{"type":"record","name":"R","fields":[{"name":"b","type":"int"}]}""", "$.b: reader field 'b' is not in the writer schema and has no default")]
    [InlineData("""{"type":"record","name":"R","fields":[]}""", """{"type":"record","name":"R","fields":[{"name":"b","type":"int","default":"x"}]}""", "$.b: default value \"x\" does not fit schema \"int\"")]
    [InlineData("""{"type":"record","name":"A","fields":[]}""", """{"type":"record","name":"B","fields":[]}""", "$: writer record 'A' does not match reader name 'B' or its aliases")]
    [InlineData("\"long\"", """["null","int"]""", "$: writer schema \"long\" matches no branch of reader union [\"null\",\"int\"]")]
    public void Incompatible_schemas_fail_at_construction_with_the_path(string writer, string reader, string message)
    {
        var error = Assert.Throws<AvroSchemaException>(() => new AvroDatumReader(AvroSchema.Parse(writer), AvroSchema.Parse(reader)));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_reader_union_prefers_the_exact_type_over_a_promotion()
    {
        var reader = new AvroDatumReader(AvroSchema.Parse("\"int\""), AvroSchema.Parse("""["long","int"]"""));

        Assert.Equal(5, reader.Decode([10]));
    }

    [Fact]
    public void Recursive_schemas_resolve_and_evolve()
    {
        var writer = AvroSchema.Parse("""{"type":"record","name":"L","fields":[{"name":"v","type":"int"},{"name":"next","type":["null","L"]}]}""");
        var reader = AvroSchema.Parse("""{"type":"record","name":"L","fields":[{"name":"next","type":["null","L"]},{"name":"v","type":"long"},{"name":"w","type":"int","default":-1}]}""");
        var list = new AvroRecord((AvroRecordSchema)writer) { ["v"] = 1, ["next"] = new AvroRecord((AvroRecordSchema)writer) { ["v"] = 2 } };

        var value = (AvroRecord)new AvroDatumReader(writer, reader).Decode(new AvroDatumWriter(writer).Encode(list))!;

        Assert.Equal(1L, value["v"]);
        Assert.Equal(-1, value["w"]);
        Assert.Equal(2L, ((AvroRecord)value["next"]!)["v"]);
        Assert.Null(((AvroRecord)value["next"]!)["next"]);
    }

    [Fact]
    public void Mutable_defaults_are_not_shared_between_records()
    {
        var writer = AvroSchema.Parse("""{"type":"record","name":"R","fields":[]}""");
        var reader = AvroSchema.Parse("""{"type":"record","name":"R","fields":[{"name":"xs","type":{"type":"array","items":"int"},"default":[1]}]}""");
        var datumReader = new AvroDatumReader(writer, reader);

        var first = (AvroRecord)datumReader.Decode([])!;
        ((List<object?>)first["xs"]!).Add(2);
        var second = (AvroRecord)datumReader.Decode([])!;

        Assert.Single((List<object?>)second["xs"]!);
    }
}
