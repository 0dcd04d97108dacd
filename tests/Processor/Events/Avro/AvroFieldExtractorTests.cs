using System.Text;
using Kappa.Processor.Events;
using Kappa.Processor.Events.Avro;
using Xunit;

namespace Kappa.Processor.Tests.Events.Avro;

public sealed class AvroFieldExtractorTests
{
    private const string Everything = """
        {"type":"record","name":"Everything","namespace":"test","fields":[
          {"name":"n","type":"null"},
          {"name":"b","type":"boolean"},
          {"name":"i","type":"int"},
          {"name":"l","type":"long"},
          {"name":"f","type":"float"},
          {"name":"d","type":"double"},
          {"name":"s","type":"string"},
          {"name":"raw","type":"bytes"},
          {"name":"hash","type":{"type":"fixed","name":"Hash","size":4}},
          {"name":"color","type":{"type":"enum","name":"Color","symbols":["RED","GREEN"]}},
          {"name":"tags","type":{"type":"array","items":"string"}},
          {"name":"attrs","type":{"type":"map","values":"long"}},
          {"name":"opt","type":["null","string"]},
          {"name":"tail","type":"long"}]}
        """;

    private const string Logical = """
        {"type":"record","name":"Logical","namespace":"test","fields":[
          {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
          {"name":"us","type":{"type":"long","logicalType":"timestamp-micros"}},
          {"name":"ns","type":{"type":"long","logicalType":"timestamp-nanos"}},
          {"name":"local","type":{"type":"long","logicalType":"local-timestamp-millis"}},
          {"name":"day","type":{"type":"int","logicalType":"date"}},
          {"name":"tod","type":{"type":"int","logicalType":"time-millis"}},
          {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":12,"scale":2}},
          {"name":"big","type":{"type":"fixed","name":"Big","size":16,"logicalType":"decimal","precision":30,"scale":3}},
          {"name":"id","type":{"type":"string","logicalType":"uuid"}},
          {"name":"rawId","type":{"type":"fixed","name":"Id","size":16,"logicalType":"uuid"}},
          {"name":"span","type":{"type":"fixed","name":"Span","size":12,"logicalType":"duration"}}]}
        """;

    private const string Nested = """
        {"type":"record","name":"Order","namespace":"shop","fields":[
          {"name":"id","type":"string"},
          {"name":"customer","type":{"type":"record","name":"Customer","fields":[
            {"name":"tier","type":"string"},
            {"name":"address","type":["null",{"type":"record","name":"Address","fields":[{"name":"city","type":"string"},{"name":"zip","type":"string"}]}]}]}},
          {"name":"payment","type":[{"type":"record","name":"Card","fields":[{"name":"last4","type":"string"}]},{"type":"record","name":"Transfer","fields":[{"name":"iban","type":"string"}]}]},
          {"name":"metadata","type":{"type":"map","values":"string"}},
          {"name":"amount","type":"double"}]}
        """;

    private readonly SchemaTable _schemas = new();

    [Fact]
    public void Reads_every_type_as_the_json_extractor_reads_its_json()
    {
        _schemas.Add(1, Everything);
        var json = """
            {"n":null,"b":true,"i":-7,"l":9007199254740993,"f":0.1,"d":12.5,"s":"Köln \"quoted\"","raw":"AAEC","hash":"3q2+7w==",
             "color":"GREEN","tags":["a","b"],"attrs":{"x":1},"opt":"here","tail":42}
            """;
        string[] paths = ["n", "b", "i", "l", "f", "d", "s", "raw", "hash", "color", "tags", "attrs", "opt", "tail", "absent.below.a.string"];

        var avro = Extract(paths[..^1], _schemas.Encode(1, json));
        var expected = ExtractJson(paths[..^1], json);

        Assert.Equal(expected.Select(Describe), avro.Select(Describe));
        Assert.Equal(FieldKind.Null, avro[0].Kind);
        Assert.Equal(9007199254740993m, avro[3].Number);
        Assert.Equal(0.1m, avro[4].Number);
        Assert.Equal("GREEN", avro[9].ToString());
        Assert.Equal(("""["a","b"]""", FieldKind.Composite), (avro[10].ToString(), avro[10].Kind));
        Assert.Equal("""{"x":1}""", avro[11].ToString());
    }

    [Theory]
    [InlineData("0.1")]
    [InlineData("0.30000000000000004")]
    [InlineData("123456.789")]
    [InlineData("-1.5E-07")]
    [InlineData("9007199254740993")]
    [InlineData("1E+300")]
    [InlineData("5E-324")]
    public void A_double_reads_as_the_number_of_its_shortest_text(string number)
    {
        _schemas.Add(1, """{"type":"record","name":"R","fields":[{"name":"d","type":"double"},{"name":"f","type":"float"}]}""");
        var shortest = double.Parse(number, System.Globalization.CultureInfo.InvariantCulture).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var json = $$"""{"d":{{shortest}},"f":0.3}""";

        var avro = Extract(["d", "f"], _schemas.Encode(1, json));
        var expected = ExtractJson(["d", "f"], json);

        Assert.Equal(expected.Select(Describe), avro.Select(Describe));
        Assert.Equal(expected[0].IsApproximate, avro[0].IsApproximate);
    }

    [Fact]
    public void A_union_reads_as_the_branch_written()
    {
        _schemas.Add(1, Everything);
        var withNull = """{"n":null,"b":false,"i":0,"l":0,"f":0,"d":0,"s":"","raw":"","hash":"AAAAAA==","color":"RED","tags":[],"attrs":{},"opt":null,"tail":1}""";

        var values = Extract(["opt", "b", "tail"], _schemas.Encode(1, withNull));

        Assert.Equal(FieldKind.Null, values[0].Kind);
        Assert.False(values[1].Boolean);
        Assert.Equal(1m, values[2].Number);
    }

    [Fact]
    public void Logical_types_read_as_event_times_exact_decimals_and_text()
    {
        _schemas.Add(1, Logical);
        var json = """
            {"ts":"2026-11-22T10:05:00.123Z","us":1795341900123456,"ns":-1500000,"local":"2026-11-22T10:05:00","day":"2026-11-22",
             "tod":36000000,"amount":-12.50,"big":123456789012345678901234.567,"id":"6f1c1e1a-8f44-4f9b-9a3e-0d2b8c3f5a71",
             "rawId":"bxweGo9ET5uaPg0rjD9acQ==","span":"AQAAAAIAAAADAAAA"}
            """;

        var values = Extract(["ts", "us", "ns", "local", "day", "tod", "amount", "big", "id", "rawId", "span"], _schemas.Encode(1, json));

        Assert.Equal(1795341900123m, values[0].Number);
        Assert.Equal(1795341900123m, values[1].Number);
        Assert.Equal(-2m, values[2].Number);
        Assert.Equal(1795341900000m, values[3].Number);
        Assert.Equal(("2026-11-22", FieldKind.Text), (values[4].ToString(), values[4].Kind));
        Assert.Equal(36000000m, values[5].Number);
        Assert.Equal("-12.50", values[6].ToString());
        Assert.False(values[6].IsApproximate);
        Assert.Equal(123456789012345678901234.567m, values[7].Number);
        Assert.Equal("6f1c1e1a-8f44-4f9b-9a3e-0d2b8c3f5a71", values[8].ToString());
        Assert.Equal("6f1c1e1a-8f44-4f9b-9a3e-0d2b8c3f5a71", values[9].ToString());
        Assert.Equal(("""{"months":1,"days":2,"milliseconds":3}""", FieldKind.Composite), (values[10].ToString(), values[10].Kind));
    }

    [Fact]
    public void A_decimal_beyond_system_decimal_is_approximate()
    {
        _schemas.Add(1, """{"type":"record","name":"R","fields":[{"name":"x","type":{"type":"bytes","logicalType":"decimal","precision":40,"scale":0}}]}""");

        var values = Extract(["x"], _schemas.Encode(1, """{"x":10000000000000000000000000000}"""));

        Assert.False(values[0].IsApproximate);
        Assert.Equal(10000000000000000000000000000m, values[0].Number);
        var huge = AvroFieldValues.Decimal([0x7f, .. Enumerable.Repeat((byte)0xff, 15)], 0);
        Assert.True(huge.IsApproximate);
        Assert.Equal(Math.Pow(2, 127), huge.AsDouble, 1e-12 * Math.Pow(2, 127));
    }

    [Fact]
    public void Dotted_paths_reach_into_records_unions_and_maps()
    {
        _schemas.Add(1, Nested);
        var card = """
            {"id":"o1","customer":{"tier":"gold","address":{"shop.Address":{"city":"Köln","zip":"50667"}}},"payment":{"shop.Card":{"last4":"4242"}},
             "metadata":{"source":"web","campaign":"spring"},"amount":19.99}
            """;
        var transfer = """
            {"id":"o2","customer":{"tier":"silver","address":null},"payment":{"shop.Transfer":{"iban":"DE89"}},"metadata":{},"amount":5}
            """;
        string[] paths = ["customer.address.city", "customer.tier", "payment.last4", "payment.iban", "metadata.campaign", "amount", "customer.address"];

        var first = Extract(paths, _schemas.Encode(1, card));
        var second = Extract(paths, _schemas.Encode(1, transfer));

        Assert.Equal(["Köln", "gold", "4242", "<missing>", "spring", "19.99", """{"city":"Köln","zip":"50667"}"""], first.Select(v => v.ToString()));
        Assert.Equal(["<missing>", "silver", "<missing>", "DE89", "<missing>", "5", "null"], second.Select(v => v.ToString()));
    }

    [Fact]
    public void A_record_and_a_field_inside_it_can_both_be_read()
    {
        _schemas.Add(1, Nested);
        var json = """{"id":"o1","customer":{"tier":"gold","address":null},"payment":{"shop.Card":{"last4":"4242"}},"metadata":{"a":"1"},"amount":1}""";

        var values = Extract(["customer", "customer.tier", "metadata", "metadata.a", "id", "id"], _schemas.Encode(1, json));

        Assert.Equal(("""{"tier":"gold","address":null}""", FieldKind.Composite), (values[0].ToString(), values[0].Kind));
        Assert.Equal("gold", values[1].ToString());
        Assert.Equal("""{"a":"1"}""", values[2].ToString());
        Assert.Equal("1", values[3].ToString());
        Assert.Equal(["o1", "o1"], values[4..].Select(v => v.ToString()));
    }

    [Fact]
    public void Strings_are_slices_of_the_value_not_copies()
    {
        _schemas.Add(1, Nested);
        var framed = _schemas.Encode(1, """{"id":"o1","customer":{"tier":"gold","address":null},"payment":{"shop.Card":{"last4":"1"}},"metadata":{},"amount":1}""");

        var values = Extract(["customer.tier"], framed);

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(values[0].Utf8, out var segment));
        Assert.Same(framed, segment.Array);
    }

    [Fact]
    public void Unread_fields_of_every_shape_are_skipped_including_recursive_ones()
    {
        _schemas.Add(1, """
            {"type":"record","name":"Wide","fields":[
              {"name":"list","type":["null",{"type":"record","name":"Node","fields":[{"name":"v","type":"int"},{"name":"next","type":["null","Node"]}]}]},
              {"name":"grid","type":{"type":"array","items":{"type":"array","items":"double"}}},
              {"name":"index","type":{"type":"map","values":{"type":"record","name":"Entry","fields":[{"name":"f","type":"float"},{"name":"on","type":"boolean"}]}}},
              {"name":"e","type":{"type":"enum","name":"E","symbols":["A","B","C"]}},
              {"name":"x","type":{"type":"fixed","name":"X","size":3}},
              {"name":"last","type":"string"}]}
            """);
        var json = """
            {"list":{"Node":{"v":1,"next":{"Node":{"v":2,"next":null}}}},"grid":[[1.5,2],[],[3]],"index":{"k":{"f":1.5,"on":true}},
             "e":"C","x":"AQID","last":"reached"}
            """;

        Assert.Equal("reached", Extract(["last"], _schemas.Encode(1, json))[0].ToString());
        Assert.Equal("""{"v":1,"next":{"v":2,"next":null}}""", Extract(["list"], _schemas.Encode(1, json))[0].ToString());
    }

    [Fact]
    public void Each_writer_schema_is_fetched_once_and_values_of_several_schemas_mix()
    {
        _schemas.Add(1, """{"type":"record","name":"P","fields":[{"name":"a","type":"long"},{"name":"b","type":"string"}]}""");
        _schemas.Add(2, """{"type":"record","name":"P","fields":[{"name":"b","type":"string"},{"name":"c","type":"int","default":0},{"name":"a","type":"long"}]}""");
        var extractor = new AvroFieldExtractor(["a", "b"], _schemas);
        var slots = new FieldValue[2];
        var values = new List<string>();

        for (var i = 0; i < 10; i++)
        {
            var framed = i % 2 == 0
                ? _schemas.Encode(1, $$"""{"a":{{i}},"b":"v1"}""")
                : _schemas.Encode(2, $$"""{"a":{{i}},"b":"v2","c":7}""");
            extractor.Extract(framed, slots);
            values.Add($"{slots[0]}/{slots[1]}");
        }

        Assert.Equal(["0/v1", "1/v2", "2/v1", "3/v2", "4/v1", "5/v2", "6/v1", "7/v2", "8/v1", "9/v2"], values);
        Assert.Equal(2, _schemas.Lookups);
    }

    [Fact]
    public void Bad_values_are_decode_errors_that_say_why()
    {
        _schemas.Add(7, """{"type":"record","name":"P","namespace":"shop","fields":[{"name":"a","type":"long"},{"name":"s","type":"string"},{"name":"u","type":["null","int"]}]}""");
        var good = _schemas.Encode(7, """{"a":1,"s":"ok","u":3}""");

        Assert.StartsWith("the value is not Avro in Confluent's wire format: a Confluent-framed value needs at least 5 bytes", Error(["a"], [0, 0, 0]));
        Assert.StartsWith("the value is not Avro in Confluent's wire format: unknown magic byte 123", Error(["a"], "{\"a\":1}"u8.ToArray()));
        Assert.Equal("the value names schema id 99, which the schema registry does not have", Error(["a"], [0, 0, 0, 0, 99, 2]));
        Assert.StartsWith("the value is not valid Avro of schema 7 (shop.P): unexpected end of input", Error(["a"], good[..^2]));
        Assert.Equal("the value is not valid Avro of schema 7 (shop.P): 1 bytes follow the value", Error(["a"], [.. good, 0]));
        Assert.StartsWith("the value is not valid Avro of schema 7 (shop.P): union branch index 2 out of range", Error(["a"], [.. good[..^2], 4, 6]));
        Assert.StartsWith("the value is not valid Avro of schema 7 (shop.P): invalid UTF-8", Error(["s"], [.. good[..6], 4, 0xc3, 0x28, 0, 0]));
        Assert.Equal("schema 7 (shop.P) has no field 'b', 'a.x', which the view reads", Error(["a", "b", "a.x"], good));
    }

    [Fact]
    public void Unknown_ids_are_remembered_so_bad_frames_do_not_flood_the_registry()
    {
        var extractor = new AvroFieldExtractor(["a"], _schemas);
        var slots = new FieldValue[1];

        for (var i = 0; i < 5; i++)
        {
            Assert.Throws<EventDecodeException>(() => extractor.Extract(new byte[] { 0, 0, 0, 0, 42, 2 }, slots));
        }

        Assert.Equal(1, _schemas.Lookups);
    }

    [Fact]
    public void A_warm_extractor_allocates_nothing_per_value()
    {
        _schemas.Add(1, Everything);
        _schemas.Add(2, Logical);
        var values = Enumerable.Range(0, 64).Select(i => _schemas.Encode(1, $$"""
            {"n":null,"b":true,"i":{{i}},"l":{{i * 1000}},"f":1.5,"d":{{i}}.25,"s":"s{{i}}","raw":"AAEC","hash":"3q2+7w==","color":"RED",
             "tags":["t{{i}}"],"attrs":{"k":{{i}}},"opt":"o","tail":{{i}}}
            """)).Concat(Enumerable.Range(0, 64).Select(i => _schemas.Encode(2, $$"""
            {"ts":{{1795341900123L + i}},"us":1,"ns":1,"local":1,"day":{{i}},"tod":1,"amount":{{i}}.50,"big":1.5,"id":"x","rawId":"bxweGo9ET5uaPg0rjD9acQ==","span":"AQAAAAIAAAADAAAA"}
            """))).ToArray();
        var everything = new AvroFieldExtractor(["b", "i", "l", "f", "d", "s", "raw", "hash", "color", "tags", "attrs", "opt", "tail"], _schemas);
        var logical = new AvroFieldExtractor(["ts", "us", "day", "amount", "big", "id", "rawId", "span"], _schemas);
        var slots = new FieldValue[13];

        void RunAll()
        {
            foreach (var value in values)
            {
                (value[4] == 1 ? everything : logical).Extract(value, slots);
            }
        }

        RunAll();
        var before = GC.GetAllocatedBytesForCurrentThread();
        RunAll();

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private FieldValue[] Extract(string[] paths, byte[] framed)
    {
        var slots = new FieldValue[paths.Length];
        new AvroFieldExtractor(paths, _schemas).Extract(framed, slots);
        return slots;
    }

    private string Error(string[] paths, byte[] framed) =>
        Assert.Throws<EventDecodeException>(() => Extract(paths, framed)).Message;

    private static FieldValue[] ExtractJson(string[] paths, string json)
    {
        var slots = new FieldValue[paths.Length];
        new FieldExtractor(paths).Extract(Encoding.UTF8.GetBytes(json), slots);
        return slots;
    }

    private static string Describe(FieldValue value) => $"{value.Kind}:{value}";
}
