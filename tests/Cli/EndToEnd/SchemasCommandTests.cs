using Kappa.Contracts.Avro;
using Kappa.Contracts.Avro.Confluent;
using Kappa.Log.Abstractions;
using Kappa.Log.Embedded;
using Kappa.TestKit;
using Xunit;

namespace Kappa.Cli.Tests.EndToEnd;

/// <summary>
/// <c>kappa schemas register|list|show|check</c> and <c>kappa produce --format avro</c> against a real server:
/// the produced values are Confluent-framed Avro under the registered id.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SchemasCommandTests : IDisposable
{
    private const string Payment = """
        {"type":"record","name":"Payment","namespace":"shop","fields":[
          {"name":"id","type":"string"},{"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}},
          {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"note","type":["null","string"],"default":null}]}
        """;

    private const string PaymentV2 = """
        {"type":"record","name":"Payment","namespace":"shop","fields":[
          {"name":"id","type":"string"},{"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}},
          {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"note","type":["null","string"],"default":null},
          {"name":"currency","type":"string","default":"EUR"}]}
        """;

    private const string PaymentBreaking = """
        {"type":"record","name":"Payment","namespace":"shop","fields":[{"name":"id","type":"long"}]}
        """;

    private readonly TempDirectory _dir = new("schemas-cli");

    [Fact]
    public async Task Register_list_show_check_and_produce_avro()
    {
        var v1 = Write("payment.avsc", Payment);
        var v2 = Write("payment-v2.avsc", PaymentV2);
        var breaking = Write("breaking.avsc", PaymentBreaking);
        var dataDir = _dir.Combine("data");
        int id;
        await using (var server = await KappaServerProcess.StartAsync(dataDir))
        {
            var url = server.Url.ToString();

            var register = await Run(["schemas", "register", "payments-value", v1, "--url", url]);
            Assert.StartsWith("registered payments-value version 1 with id ", register.Stdout, StringComparison.Ordinal);
            id = int.Parse(register.Stdout.Trim().Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);

            Assert.Contains("compatible with payments-value", (await Run(["schemas", "check", "payments-value", v2, "--url", url])).Stdout, StringComparison.Ordinal);
            var incompatible = await KappaCli.RunAsync(["schemas", "check", "payments-value", breaking, "--url", url]);
            Assert.Equal(1, incompatible.ExitCode);
            Assert.Contains("incompatible with payments-value", incompatible.Stdout, StringComparison.Ordinal);
            Assert.Contains("$.id", incompatible.Stdout, StringComparison.Ordinal);

            var rejected = await KappaCli.RunAsync(["schemas", "register", "payments-value", breaking, "--url", url]);
            Assert.Equal(1, rejected.ExitCode);
            Assert.StartsWith("kappa: Schema being registered is incompatible", rejected.Stderr, StringComparison.Ordinal);
            Assert.Contains("(error 409)", rejected.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", rejected.Stderr, StringComparison.Ordinal);

            var missing = await KappaCli.RunAsync(["schemas", "show", "nope", "--url", url]);
            Assert.Equal(1, missing.ExitCode);
            Assert.Equal("kappa: Subject 'nope' not found. (error 40401)", missing.Stderr.Trim());

            Assert.Equal("payments-value", (await Run(["schemas", "list", "--url", url])).Stdout.Trim());
            Assert.Contains("\"version\":1", (await Run(["schemas", "list", "payments-value", "--json", "--url", url])).Stdout, StringComparison.Ordinal);
            Assert.Contains("\"Payment\"", (await Run(["schemas", "show", "payments-value", "--url", url])).Stdout, StringComparison.Ordinal);
            Assert.Contains("\"Payment\"", (await Run(["schemas", "show", "--id", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--url", url])).Stdout, StringComparison.Ordinal);

            var produce = await KappaCli.RunAsync(
                ["produce", "payments", "--format", "avro", "--schema", v1, "--key", "id", "--url", url],
                stdin: """
                    {"id":"p1","amount":12.34,"ts":"2026-11-22T10:00:00Z"}
                    {"id":"p2","amount":5,"ts":1795341600000,"note":{"string":"gift"}}
                    {"id":"p3","amount":true,"ts":1795341600000}
                    {"id":"p4","amount":1.5,"ts":1795341600000,"note":"plain"}
                    """ + "\n");
            Assert.Equal(1, produce.ExitCode);
            Assert.Contains("produced 3 records to payments; 1 lines failed", produce.Stdout, StringComparison.Ordinal);
            Assert.StartsWith("line 3: does not fit the schema: $.amount", produce.Stderr, StringComparison.Ordinal);

            Assert.Equal(0, await server.StopAsync());
        }

        var values = await ReadValuesAsync(dataDir, "payments");
        var schema = AvroSchema.Parse(Payment);
        var reader = new AvroDatumReader(schema);
        Assert.Equal(3, values.Count);
        var notes = new List<object?>();
        foreach (var value in values)
        {
            Assert.Equal(id, ConfluentWireFormat.ReadHeader(value, out var payload));
            var record = (AvroRecord)reader.Decode(payload)!;
            notes.Add(record["note"]);
            if ((string)record["id"]! == "p1")
            {
                Assert.Equal(new AvroDecimal(1234, 2), AvroLogical.ToDecimal((byte[])record["amount"]!, 2));
                Assert.Equal(1795341600000L, record["ts"]);
            }
        }

        Assert.Equal([null, "gift", "plain"], notes.Order().ToList());
    }

    public void Dispose() => _dir.Dispose();

    private string Write(string name, string content)
    {
        var path = _dir.Combine(name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<CliResult> Run(string[] args)
    {
        var result = await KappaCli.RunAsync(args);
        Assert.True(result.ExitCode == 0, $"kappa {string.Join(' ', args)} exited {result.ExitCode}: {result.Stderr}");
        return result;
    }

    private static async Task<List<byte[]>> ReadValuesAsync(string dataDir, string topic)
    {
        await using var log = EmbeddedLog.Open(new EmbeddedLogOptions { DataDirectory = Path.Combine(dataDir, "log") });
        var description = await log.Admin.DescribeTopicAsync(topic);
        Assert.NotNull(description);
        using var consumer = log.CreateConsumer("test.reader");
        consumer.Assign([.. Enumerable.Range(0, description.Partitions).Select(p => new TopicPartitionOffset(topic, p, LogOffset.Beginning))]);
        var values = new List<byte[]>();
        for (var empty = 0; empty < 3;)
        {
            var batch = await consumer.PollAsync(100, TimeSpan.FromMilliseconds(200));
            empty = batch.IsEmpty ? empty + 1 : 0;
            foreach (var record in batch.Records)
            {
                values.Add(record.Value!.Value.ToArray());
            }
        }

        return values;
    }
}
