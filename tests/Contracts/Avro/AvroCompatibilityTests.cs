using Kappa.Contracts.Avro;
using Xunit;

namespace Kappa.Contracts.Tests.Avro;

public sealed class AvroCompatibilityTests
{
    [Theory]
    [InlineData("\"int\"", "\"long\"")]
    [InlineData("\"int\"", "\"double\"")]
    [InlineData("\"long\"", "\"float\"")]
    [InlineData("\"float\"", "\"double\"")]
    [InlineData("\"string\"", "\"bytes\"")]
    [InlineData("\"bytes\"", "\"string\"")]
    [InlineData("\"int\"", "[\"null\",\"long\"]")]
    [InlineData("[\"null\",\"int\"]", "[\"null\",\"long\",\"string\"]")]
    [InlineData("{\"type\":\"array\",\"items\":\"int\"}", "{\"type\":\"array\",\"items\":\"long\"}")]
    [InlineData("{\"type\":\"map\",\"values\":\"float\"}", "{\"type\":\"map\",\"values\":\"double\"}")]
    [InlineData("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\"]}", "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\"],\"default\":\"A\"}")]
    [InlineData("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\"]}", "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\"]}")]
    [InlineData("{\"type\":\"fixed\",\"name\":\"F\",\"size\":4}", "{\"type\":\"fixed\",\"name\":\"G\",\"aliases\":[\"F\"],\"size\":4}")]
    public void Readable(string writer, string reader)
    {
        Assert.Empty(AvroCompatibility.Check(AvroSchema.Parse(writer), AvroSchema.Parse(reader)));
        // Whatever the check accepts, a reader compiles for.
        _ = new AvroDatumReader(AvroSchema.Parse(writer), AvroSchema.Parse(reader));
    }

    [Theory]
    [InlineData("\"long\"", "\"int\"", "cannot be read")]
    [InlineData("\"double\"", "\"float\"", "cannot be read")]
    [InlineData("\"string\"", "\"int\"", "cannot be read")]
    [InlineData("[\"null\",\"string\"]", "\"string\"", "null")]
    [InlineData("\"boolean\"", "[\"null\",\"int\"]", "no branch")]
    [InlineData("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\"]}", "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\"]}", "B")]
    [InlineData("{\"type\":\"fixed\",\"name\":\"F\",\"size\":4}", "{\"type\":\"fixed\",\"name\":\"F\",\"size\":8}", "size")]
    [InlineData("{\"type\":\"fixed\",\"name\":\"F\",\"size\":4}", "{\"type\":\"fixed\",\"name\":\"G\",\"size\":4}", "name")]
    [InlineData("{\"type\":\"array\",\"items\":\"long\"}", "{\"type\":\"array\",\"items\":\"int\"}", "$.items")]
    public void Unreadable(string writer, string reader, string reason)
    {
        var problems = AvroCompatibility.Check(AvroSchema.Parse(writer), AvroSchema.Parse(reader));

        Assert.Contains(problems, p => p.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void A_record_reader_needs_a_default_for_each_field_the_writer_lacks_and_ignores_writer_only_fields()
    {
        var writer = AvroSchema.Parse("""{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"gone","type":"string"}]}""");
        var withDefault = AvroSchema.Parse("""{"type":"record","name":"R","fields":[{"name":"a","type":"long"},{"name":"b","type":"string","default":"x"}]}""");
        var withoutDefault = AvroSchema.Parse("""{"type":"record","name":"R","fields":[{"name":"a","type":"long"},{"name":"b","type":"string"}]}""");
        var renamed = AvroSchema.Parse("""{"type":"record","name":"R","fields":[{"name":"alpha","aliases":["a"],"type":"int"}]}""");

        Assert.True(AvroCompatibility.CanRead(writer, withDefault));
        Assert.Equal(["$.b: reader field 'b' is not written and has no default"], AvroCompatibility.Check(writer, withoutDefault));
        Assert.True(AvroCompatibility.CanRead(writer, renamed));
    }

    [Fact]
    public void Recursive_schemas_terminate()
    {
        var list = """{"type":"record","name":"Node","fields":[{"name":"value","type":"int"},{"name":"next","type":["null","Node"]}]}""";
        var wider = """{"type":"record","name":"Node","fields":[{"name":"value","type":"long"},{"name":"next","type":["null","Node"]}]}""";

        Assert.True(AvroCompatibility.CanRead(AvroSchema.Parse(list), AvroSchema.Parse(wider)));
        Assert.False(AvroCompatibility.CanRead(AvroSchema.Parse(wider), AvroSchema.Parse(list)));
    }

    [Fact]
    public void Unions_of_records_nested_deeply_are_judged_quickly()
    {
        // Level i is a union of records A{i} and B{i}, both holding level i-1: without memoized verdicts the check
        // would walk 2^depth paths.
        var json = "\"int\"";
        var reference = json;
        for (var i = 0; i < 40; i++)
        {
            json = $$"""[{"type":"record","name":"A{{i}}","fields":[{"name":"f","type":{{json}}}]},{"type":"record","name":"B{{i}}","fields":[{"name":"f","type":{{reference}}}]}]""";
            reference = $$"""["A{{i}}","B{{i}}"]""";
        }

        var schema = AvroSchema.Parse(json);
        Assert.True(AvroCompatibility.CanRead(schema, schema));
    }
}
