using Kappa.Contracts.Avro;
using Xunit;

namespace Kappa.Contracts.Tests.Avro;

/// <summary>Schema parsing: named types and namespaces, logical types and their fallback, and invalid schemas with paths.</summary>
public sealed class AvroSchemaParserTests
{
    [Theory]
    [InlineData("""{"type":"record","name":"R"}""", "$: missing required attribute 'fields'")]
    [InlineData("""{"type":"record","name":"R","fields":[{"name":"a"}]}""", "$.fields[0]: missing required attribute 'type'")]
    [InlineData("""{"type":"record","name":"R","fields":[{"name":"a","type":"Nope"}]}""", "$.fields[0].type: unknown type 'Nope'")]
    [InlineData("""{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"a","type":"int"}]}""", "$.fields[1].name: duplicate field 'a'")]
    [InlineData("""{"type":"record","name":"1R","fields":[]}""", "$.name: '1R' is not a valid Avro full name")]
    [InlineData("""{"type":"record","name":"R","fields":[{"name":"x-y","type":"int"}]}""", "$.fields[0].name: 'x-y' is not a valid Avro name")]
    [InlineData("""{"type":"enum","name":"E","symbols":["A","A"]}""", "$.symbols[1]: duplicate symbol 'A'")]
    [InlineData("""{"type":"enum","name":"E","symbols":["A"],"default":"B"}""", "$.default: enum default must be one of the symbols")]
    [InlineData("""{"type":"fixed","name":"F","size":-1}""", "$.size: a fixed needs a non-negative integer size")]
    [InlineData("""{"type":"array"}""", "$: missing required attribute 'items'")]
    [InlineData("""{"type":"map","values":{"type":"array","items":"bogus"}}""", "$.values.items: unknown type 'bogus'")]
    [InlineData("""["int","int"]""", "$[1]: union contains 'int' twice")]
    [InlineData("""["null",["int"]]""", "$[1]: a union may not immediately contain another union")]
    [InlineData("""{"type":"record","name":"R","fields":[{"name":"a","type":{"type":"fixed","name":"R","size":1}}]}""", "$.fields[0].type.name: 'R' is already defined")]
    [InlineData("""{"type":"fixed","name":"int","size":1}""", "$.name: 'int' is a primitive type and cannot be redefined")]
    [InlineData("42", "$: expected a type name, an object or a union array, found Number")]
    [InlineData("""{"name":"x"}""", "$: schema object needs a string 'type' attribute")]
    public void Invalid_schemas_are_reported_with_their_path(string json, string message)
    {
        var error = Assert.Throws<AvroSchemaException>(() => AvroSchema.Parse(json));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_is_a_schema_exception()
    {
        var error = Assert.Throws<AvroSchemaException>(() => AvroSchema.Parse("{\"type\":"));

        Assert.StartsWith("schema is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_fails_with_a_clear_error_instead_of_overflowing_the_stack()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"type\":\"array\",\"items\":", 5000)) + "\"int\"" + new string('}', 5000);

        var error = Assert.Throws<AvroSchemaException>(() => AvroSchema.Parse(deep));

        Assert.Contains("nested too deeply", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_beyond_the_schema_cap_names_the_path()
    {
        var json = string.Concat(Enumerable.Repeat("{\"type\":\"array\",\"items\":", 130)) + "\"int\"" + new string('}', 130);

        var error = Assert.Throws<AvroSchemaException>(() => AvroSchema.Parse(json));

        Assert.EndsWith(".items: schema nesting deeper than 128 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_up_to_the_cap_is_accepted()
    {
        var depth = AvroSchemaParser.MaxDepth;
        var json = string.Concat(Enumerable.Repeat("{\"type\":\"array\",\"items\":", depth)) + "\"int\"" + new string('}', depth);

        Assert.Equal(AvroType.Array, AvroSchema.Parse(json).Type);
    }

    [Fact]
    public void Names_resolve_through_enclosing_and_explicit_namespaces()
    {
        var schema = (AvroRecordSchema)AvroSchema.Parse("""
            {"type":"record","name":"Outer","namespace":"a","fields":[
              {"name":"f","type":{"type":"fixed","name":"F","size":2}},
              {"name":"g","type":"F"},
              {"name":"h","type":"a.F"},
              {"name":"i","type":{"type":"enum","name":"b.E","symbols":["X"]}},
              {"name":"j","type":"b.E"},
              {"name":"k","type":{"type":"record","name":"Plain","namespace":"","fields":[]}},
              {"name":"l","type":"Plain"},
              {"name":"self","type":["null","Outer"]}]}
            """);

        Assert.Equal("a.F", ((AvroFixedSchema)schema.GetField("f")!.Schema).FullName);
        Assert.Same(schema.GetField("f")!.Schema, schema.GetField("g")!.Schema);
        Assert.Same(schema.GetField("f")!.Schema, schema.GetField("h")!.Schema);
        Assert.Same(schema.GetField("i")!.Schema, schema.GetField("j")!.Schema);
        Assert.Equal("Plain", ((AvroRecordSchema)schema.GetField("l")!.Schema).FullName);
        Assert.Same(schema, ((AvroUnionSchema)schema.GetField("self")!.Schema).Branches[1]);
    }

    [Theory]
    [InlineData("""{"type":"bytes","logicalType":"decimal","precision":5,"scale":2}""", AvroLogicalType.Decimal)]
    [InlineData("""{"type":"fixed","name":"D","size":4,"logicalType":"decimal","precision":9}""", AvroLogicalType.Decimal)]
    [InlineData("""{"type":"string","logicalType":"uuid"}""", AvroLogicalType.Uuid)]
    [InlineData("""{"type":"fixed","name":"U","size":16,"logicalType":"uuid"}""", AvroLogicalType.Uuid)]
    [InlineData("""{"type":"int","logicalType":"date"}""", AvroLogicalType.Date)]
    [InlineData("""{"type":"int","logicalType":"time-millis"}""", AvroLogicalType.TimeMillis)]
    [InlineData("""{"type":"long","logicalType":"time-micros"}""", AvroLogicalType.TimeMicros)]
    [InlineData("""{"type":"long","logicalType":"timestamp-millis"}""", AvroLogicalType.TimestampMillis)]
    [InlineData("""{"type":"long","logicalType":"timestamp-micros"}""", AvroLogicalType.TimestampMicros)]
    [InlineData("""{"type":"long","logicalType":"timestamp-nanos"}""", AvroLogicalType.TimestampNanos)]
    [InlineData("""{"type":"long","logicalType":"local-timestamp-millis"}""", AvroLogicalType.LocalTimestampMillis)]
    [InlineData("""{"type":"long","logicalType":"local-timestamp-micros"}""", AvroLogicalType.LocalTimestampMicros)]
    [InlineData("""{"type":"long","logicalType":"local-timestamp-nanos"}""", AvroLogicalType.LocalTimestampNanos)]
    [InlineData("""{"type":"fixed","name":"Dur","size":12,"logicalType":"duration"}""", AvroLogicalType.Duration)]
    [InlineData("""{"type":"int","logicalType":"timestamp-millis"}""", AvroLogicalType.None)]
    [InlineData("""{"type":"long","logicalType":"who-knows"}""", AvroLogicalType.None)]
    [InlineData("""{"type":"bytes","logicalType":"decimal","precision":0}""", AvroLogicalType.None)]
    [InlineData("""{"type":"bytes","logicalType":"decimal","precision":2,"scale":3}""", AvroLogicalType.None)]
    [InlineData("""{"type":"bytes","logicalType":"decimal"}""", AvroLogicalType.None)]
    [InlineData("""{"type":"fixed","name":"D","size":2,"logicalType":"decimal","precision":5}""", AvroLogicalType.None)]
    [InlineData("""{"type":"fixed","name":"Dur","size":11,"logicalType":"duration"}""", AvroLogicalType.None)]
    [InlineData("""{"type":"string","logicalType":"date"}""", AvroLogicalType.None)]
    public void Logical_types_apply_only_where_valid_and_otherwise_fall_back(string json, AvroLogicalType expected)
    {
        var schema = AvroSchema.Parse(json);

        Assert.Equal(expected, schema.LogicalType);
    }

    [Fact]
    public void Fixed_decimal_precision_is_bounded_by_its_size()
    {
        Assert.Equal(2, AvroLogicalTypes.MaxFixedPrecision(1));
        Assert.Equal(9, AvroLogicalTypes.MaxFixedPrecision(4));
        Assert.Equal(18, AvroLogicalTypes.MaxFixedPrecision(8));
        Assert.Equal(38, AvroLogicalTypes.MaxFixedPrecision(16));
    }
}
