using System.Numerics;
using System.Text.Json.Nodes;
using Kappa.Contracts.Avro;
using Xunit;

namespace Kappa.Contracts.Tests.Avro;

/// <summary>
/// Kappa's codec against Apache's reference implementation (python3-avro, via Fixtures/avro_reference.py): values
/// of every type and logical type both ways, byte-identical encodings, container files with both codecs, and
/// schema resolution with evolved reader schemas.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AvroConformanceTests
{
    [Fact]
    public void Python_encoded_values_decode_to_the_same_values_and_re_encode_to_the_same_bytes()
    {
        var cases = PythonAvro.Run("cases").AsArray();

        Assert.True(cases.Count >= 30);
        foreach (var c in cases)
        {
            var name = (string)c!["name"]!;
            var schema = AvroSchema.Parse((string)c["schema"]!);
            var bytes = Convert.FromHexString((string)c["hex"]!);

            var value = new AvroDatumReader(schema).Decode(bytes);

            AssertJson(c["expected"], AvroNormalizer.Normalize(schema, value), name);
            Assert.True(bytes.AsSpan().SequenceEqual(new AvroDatumWriter(schema).Encode(value)), $"{name}: Kappa re-encodes differently");
        }
    }

    [Fact]
    public void Kappa_encoded_values_decode_in_python_to_the_same_values()
    {
        var cases = PythonAvro.Run("cases").AsArray();
        var handmade = Handmade();
        var request = new JsonArray();
        var expected = new List<JsonNode?>();
        foreach (var c in cases)
        {
            var schema = AvroSchema.Parse((string)c!["schema"]!);
            var value = new AvroDatumReader(schema).Decode(Convert.FromHexString((string)c["hex"]!));
            request.Add(Request(schema, new AvroDatumWriter(schema).Encode(value)));
            expected.Add(c["expected"]?.DeepClone());
        }

        request.Add(Request(handmade.Schema, new AvroDatumWriter(handmade.Schema).Encode(handmade)));
        expected.Add(AvroNormalizer.Normalize(handmade.Schema, handmade));

        var decoded = PythonAvro.RunWithInput(request.ToJsonString(), "decode").AsArray();

        Assert.Equal(expected.Count, decoded.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Null(decoded[i]!["error"]);
            AssertJson(expected[i], decoded[i]!["value"], $"case {i}");
        }
    }

    [Fact]
    public void Python_container_files_read_in_kappa_with_both_codecs()
    {
        using var directory = new TempDirectory();
        var written = PythonAvro.Run("container-write", directory.Path);
        var expected = written["expected"]!.AsArray();

        foreach (var codec in new[] { AvroCodec.Null, AvroCodec.Deflate })
        {
            var file = AvroContainerReader.Open(File.OpenRead(System.IO.Path.Combine(directory.Path, codec == AvroCodec.Null ? "null.avro" : "deflate.avro")));
            var records = file.Read().ToList();

            Assert.Equal(codec, file.Codec);
            Assert.Equal(expected.Count, records.Count);
            for (var i = 0; i < records.Count; i++)
            {
                AssertJson(expected[i], AvroNormalizer.Normalize(file.Schema, records[i]), $"{codec} record {i}");
            }
        }
    }

    [Fact]
    public void Kappa_container_files_read_in_python_with_both_codecs()
    {
        using var directory = new TempDirectory();
        var written = PythonAvro.Run("container-write", directory.Path);
        var source = AvroContainerReader.Open(File.OpenRead(System.IO.Path.Combine(directory.Path, "null.avro")));
        var values = source.Read().ToList();

        foreach (var codec in new[] { AvroCodec.Null, AvroCodec.Deflate })
        {
            var path = System.IO.Path.Combine(directory.Path, $"kappa-{codec}.avro");
            using (var writer = new AvroContainerWriter(File.Create(path), source.Schema, codec, blockSize: 2048))
            {
                values.ForEach(writer.Append);
            }

            var read = PythonAvro.Run("container-read", path);

            Assert.Equal(codec == AvroCodec.Null ? "null" : "deflate", (string)read["codec"]!);
            AssertJson(written["expected"], read["records"], $"{codec} file");
        }
    }

    [Fact]
    public void Resolution_with_evolved_reader_schemas_agrees_with_the_reference()
    {
        var cases = PythonAvro.Run("resolve").AsArray();

        Assert.True(cases.Count >= 25);
        foreach (var c in cases)
        {
            var name = (string)c!["name"]!;
            var writer = AvroSchema.Parse((string)c["writer"]!);
            var reader = AvroSchema.Parse((string)c["reader"]!);
            var bytes = Convert.FromHexString((string)c["hex"]!);
            if (c["error"] is not null)
            {
                var error = Record.Exception(() => new AvroDatumReader(writer, reader).Decode(bytes));
                Assert.True(error is AvroSchemaException or AvroDecodeException, $"{name}: expected a resolution error, got {error?.ToString() ?? "a value"}");
                continue;
            }

            var value = new AvroDatumReader(writer, reader).Decode(bytes);

            AssertJson(c["expected"], AvroNormalizer.Normalize(reader, value), $"{name} ({c["source"]})");
        }
    }

    private static JsonObject Request(AvroSchema schema, byte[] bytes) =>
        new() { ["schema"] = schema.ToJson(), ["hex"] = Convert.ToHexStringLower(bytes) };

    /// <summary>A record built from .NET values through <see cref="AvroLogical"/>, not from decoded bytes.</summary>
    private static AvroRecord Handmade()
    {
        var schema = (AvroRecordSchema)AvroSchema.Parse("""
            {"type":"record","name":"Order","namespace":"shop","fields":[
              {"name":"id","type":{"type":"string","logicalType":"uuid"}},
              {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":3}},
              {"name":"day","type":{"type":"int","logicalType":"date"}},
              {"name":"at","type":{"type":"long","logicalType":"timestamp-micros"}},
              {"name":"status","type":{"type":"enum","name":"Status","symbols":["NEW","PAID"]}},
              {"name":"lines","type":{"type":"array","items":{"type":"record","name":"Line","fields":[
                {"name":"sku","type":"string"},{"name":"qty","type":["null","int"]}]}}},
              {"name":"attrs","type":{"type":"map","values":["null","double","string"]}}]}
            """);
        var line = (AvroRecordSchema)((AvroArraySchema)schema.GetField("lines")!.Schema).Items;
        var order = new AvroRecord(schema)
        {
            ["id"] = Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301").ToString(),
            ["amount"] = AvroLogical.FromDecimal(new AvroDecimal(new BigInteger(-1234567), 3)),
            ["day"] = AvroLogical.FromDate(new DateOnly(2026, 11, 22)),
            ["at"] = AvroLogical.FromDateTime(new DateTime(2026, 11, 22, 10, 30, 0, 123, 456, DateTimeKind.Utc), AvroLogicalType.TimestampMicros),
            ["status"] = new AvroEnumSymbol((AvroEnumSchema)schema.GetField("status")!.Schema, "PAID"),
            ["lines"] = new List<object?> { new AvroRecord(line) { ["sku"] = "A-1", ["qty"] = 2 }, new AvroRecord(line) { ["sku"] = "B-2" } },
            ["attrs"] = new Dictionary<string, object?> { ["weight"] = 1.25, ["note"] = "fragile", ["none"] = null },
        };
        return order;
    }

    private static void AssertJson(JsonNode? expected, JsonNode? actual, string what) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{what}:\nexpected {expected?.ToJsonString() ?? "null"}\nactual   {actual?.ToJsonString() ?? "null"}");

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("kappa-avro-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
