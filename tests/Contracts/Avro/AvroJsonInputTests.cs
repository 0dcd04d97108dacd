using System.Text.Json;
using Kappa.Contracts.Avro;
using Xunit;

namespace Kappa.Contracts.Tests.Avro;

public sealed class AvroJsonInputTests
{
    private static readonly AvroSchema Schema = AvroSchema.Parse("""
        {"type":"record","name":"Event","fields":[
          {"name":"n","type":"int"},{"name":"big","type":"long"},{"name":"f","type":"float"},{"name":"flag","type":"boolean"},
          {"name":"tags","type":{"type":"array","items":"string"}},{"name":"attrs","type":{"type":"map","values":"double"}},
          {"name":"color","type":{"type":"enum","name":"Color","symbols":["RED","GREEN"]}},
          {"name":"raw","type":"bytes"},{"name":"id","type":{"type":"fixed","name":"Id","size":2}},
          {"name":"opt","type":["null","long","string"],"default":null},
          {"name":"day","type":{"type":"int","logicalType":"date"}},
          {"name":"at","type":{"type":"long","logicalType":"timestamp-micros"}},
          {"name":"price","type":{"type":"fixed","name":"Price","size":4,"logicalType":"decimal","precision":8,"scale":2}},
          {"name":"inner","type":{"type":"record","name":"Inner","fields":[{"name":"x","type":"int","default":7}]}}]}
        """);

    [Fact]
    public void Plain_json_is_read_by_the_schema_and_round_trips_through_the_codec()
    {
        var value = Read("""
            {"n":1,"big":9007199254740993,"f":1.5,"flag":true,"tags":["a","b"],"attrs":{"x":2},"color":"GREEN",
             "raw":"AQI=","id":"AAE=","opt":{"string":"s"},"day":"2026-11-22","at":"2026-11-22T10:00:00.000001+01:00",
             "price":12.5,"inner":{}}
            """);

        var decoded = (AvroRecord)new AvroDatumReader(Schema).Decode(new AvroDatumWriter(Schema).Encode(value))!;
        Assert.Equal(1, decoded["n"]);
        Assert.Equal(9007199254740993L, decoded["big"]);
        Assert.Equal(1.5f, decoded["f"]);
        Assert.Equal(new byte[] { 1, 2 }, decoded["raw"]);
        Assert.Equal("s", decoded["opt"]);
        Assert.Equal(new DateOnly(2026, 11, 22), AvroLogical.ToDate((int)decoded["day"]!));
        Assert.Equal(new DateTime(2026, 11, 22, 9, 0, 0, DateTimeKind.Utc).AddTicks(10), AvroLogical.ToDateTime((long)decoded["at"]!, AvroLogicalType.TimestampMicros));
        Assert.Equal(new AvroDecimal(1250, 2), AvroLogical.ToDecimal(((AvroFixed)decoded["price"]!).Value, 2));
        Assert.Equal(7, ((AvroRecord)decoded["inner"]!)["x"]);
    }

    [Theory]
    [InlineData("null", null)]
    [InlineData("5", 5L)]
    [InlineData("\"five\"", "five")]
    [InlineData("{\"long\":6}", 6L)]
    public void Unions_take_a_bare_value_or_apaches_wrapped_form(string json, object? expected)
    {
        var union = AvroSchema.Parse("""["null","long","string"]""");

        Assert.Equal(expected, AvroJsonInput.Read(JsonDocument.Parse(json).RootElement, union));
    }

    [Theory]
    [InlineData("""{"n":"1"}""", "$.n: a string does not fit int")]
    [InlineData("""{"n":1,"big":1,"f":1,"flag":true,"tags":[],"attrs":{},"color":"BLUE"}""", "$.color: 'BLUE' is not a symbol")]
    [InlineData("""{"n":1,"big":1,"f":1,"flag":true,"tags":[],"attrs":{},"color":"RED","raw":"AQI=","id":"AAE=","day":"22/11/2026"}""", "$.day")]
    [InlineData("""{"n":1,"big":1,"f":1,"flag":true,"tags":[],"attrs":{},"color":"RED","raw":"AQI=","id":"AAE=","day":1,"at":1,"price":1.234,"inner":{}}""", "$.price")]
    [InlineData("""{"n":1,"big":1,"f":1,"flag":true,"tags":[],"attrs":{},"color":"RED","raw":"AQI=","id":"AAE=","day":1,"at":1,"price":1,"inner":{},"extra":1}""", "no field 'extra'")]
    [InlineData("""{"big":1}""", "$.n: missing")]
    public void Mismatches_name_the_path(string json, string reason)
    {
        var e = Assert.Throws<AvroEncodeException>(() => Read(json));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    private static object? Read(string json) => AvroJsonInput.Read(JsonDocument.Parse(json).RootElement, Schema);
}
