using Kappa.Contracts.Avro;
using Xunit;

namespace Kappa.Contracts.Tests.Avro;

/// <summary>Parsing Canonical Form and CRC-64-AVRO fingerprints against Apache Avro's own test cases (Fixtures/schema-tests.txt).</summary>
public sealed class AvroCanonicalFormTests
{
    public static TheoryData<string, string, string, long?> Cases()
    {
        var data = new TheoryData<string, string, string, long?>();
        var lines = File.ReadAllLines(AvroFixtures.Path("schema-tests.txt"));
        string? id = null, input = null, canonical = null;
        long? fingerprint = null;
        void Flush()
        {
            if (input is not null && canonical is not null)
            {
                data.Add(id!, input, canonical, fingerprint);
            }

            input = canonical = null;
            fingerprint = null;
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("// 0", StringComparison.Ordinal))
            {
                Flush();
                id = line[3..];
            }
            else if (line == "<<INPUT")
            {
                var block = new List<string>();
                while (lines[++i] != "INPUT")
                {
                    block.Add(lines[i]);
                }

                input = string.Join('\n', block);
            }
            else if (line.StartsWith("<<INPUT ", StringComparison.Ordinal))
            {
                input = line["<<INPUT ".Length..];
            }
            else if (line.StartsWith("<<canonical ", StringComparison.Ordinal))
            {
                canonical = line["<<canonical ".Length..];
            }
            else if (line.StartsWith("<<fingerprint ", StringComparison.Ordinal))
            {
                fingerprint = long.Parse(line["<<fingerprint ".Length..]);
            }
        }

        Flush();
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Canonical_form_and_fingerprint_match_apache_test_cases(string id, string input, string canonical, long? fingerprint)
    {
        var schema = AvroSchema.Parse(input);

        Assert.Equal(canonical, schema.CanonicalForm);
        if (fingerprint is { } expected)
        {
            Assert.True(expected == (long)schema.Fingerprint, $"case {id}: fingerprint {(long)schema.Fingerprint} != {expected}");
        }
    }

    [Fact]
    public void All_apache_cases_are_loaded()
    {
        Assert.Equal(34, Cases().Count);
    }

    [Fact]
    public void Null_schema_has_the_specification_fingerprint()
    {
        Assert.Equal(0x63dd24e7cc258f8aUL, AvroSchema.Parse("\"null\"").Fingerprint);
    }

    [Fact]
    public void Fingerprint_of_empty_input_is_the_empty_constant()
    {
        Assert.Equal(AvroFingerprint.Empty, AvroFingerprint.Crc64([]));
    }

    [Fact]
    public void Canonical_form_drops_logical_types_defaults_and_docs_but_keeps_full_names()
    {
        var schema = AvroSchema.Parse("""
            {"type":"record","name":"R","namespace":"a.b","doc":"d","fields":[
              {"name":"x","type":{"type":"long","logicalType":"timestamp-millis"},"default":0},
              {"name":"e","type":{"type":"enum","name":"E","symbols":["A"],"default":"A"}},
              {"name":"again","type":"E"}]}
            """);

        Assert.Equal(
            """{"name":"a.b.R","type":"record","fields":[{"name":"x","type":"long"},{"name":"e","type":{"name":"a.b.E","type":"enum","symbols":["A"]}},{"name":"again","type":"a.b.E"}]}""",
            schema.CanonicalForm);
    }

    [Fact]
    public void ToJson_parses_back_to_the_same_schema_with_logical_types_and_defaults()
    {
        var original = AvroSchema.Parse(AvroFixtures.Read("all_types.avsc"));

        var reparsed = AvroSchema.Parse(original.ToJson());

        Assert.Equal(original.CanonicalForm, reparsed.CanonicalForm);
        Assert.Equal(original.ToJson(), reparsed.ToJson());
        var record = (AvroRecordSchema)reparsed;
        Assert.Equal(AvroLogicalType.Decimal, record.GetField("dec_fixed")!.Schema.LogicalType);
        Assert.Equal(18, record.GetField("dec_fixed")!.Schema.Precision);
        Assert.Equal(4, record.GetField("dec_fixed")!.Schema.Scale);
    }
}
