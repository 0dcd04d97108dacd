using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kappa.Cli.Tests.EndToEnd.Fixtures;
using Kappa.Contracts;
using Kappa.Contracts.Queries;
using Kappa.Contracts.Topics;
using Kappa.Log.Abstractions;
using Kappa.Log.Embedded;
using Kappa.TestKit;
using Xunit;

namespace Kappa.Cli.Tests.EndToEnd;

/// <summary>
/// A view with <c>format: avro</c> through the real executable: <c>kappa produce --format avro --schema</c> registers the
/// payment contract and frames the values, the processor reads them by the registered id, and a corrupt value lands in
/// the dead-letter topic while the rest are counted. The view is the example in <c>examples/views/payments.yaml</c>.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AvroViewTests : IDisposable
{
    private readonly TempDirectory _dir = new("avro-view");

    private static string Example => Path.Combine(RepoPaths.Root, "examples", "views", "payments.yaml");

    private static string PaymentSchema => Path.Combine(RepoPaths.Root, "src", "Contracts", "Events", "Payment.avsc");

    [Fact]
    public async Task Produced_avro_is_counted_and_a_corrupt_value_is_dead_lettered()
    {
        var dataDir = _dir.Combine("data");
        await using (var server = await KappaServerProcess.StartAsync(dataDir, "--views", Example))
        {
            var url = server.Url.ToString();
            var produce = await KappaCli.RunAsync(
                ["produce", "payments", "--format", "avro", "--schema", PaymentSchema, "--key", "payment_id", "--file", Path.Combine(RepoPaths.Root, "examples", "payments.jsonl"), "--url", url]);
            Assert.True(produce.ExitCode == 0, produce.Stderr);
            Assert.Contains("produced 6 records to payments", produce.Stdout, StringComparison.Ordinal);

            using var http = new HttpClient { BaseAddress = server.Url };
            var corrupt = new ProduceRecord("p7", JsonSerializer.SerializeToElement(Convert.ToBase64String("not avro"u8.ToArray())));
            using (var posted = await http.PostAsJsonAsync("topics/payments/records", new ProduceRequest([corrupt], ProduceValueFormat.Binary), KappaJson.Options))
            {
                Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());
            }

            var counters = await ViewCounters.WhenAsync(server, "payments_by_method_daily", c => c.In == 7);
            Assert.Equal(new RecordCounters(7, 5, 1, 1, 0), counters);

            var card = await KappaCli.RunAsync(["query", "payments_by_method_daily", "--key", "CARD", "--json", "--url", url]);
            Assert.True(card.ExitCode == 0, card.Stderr);
            var rows = JsonSerializer.Deserialize<KeyQueryResponse>(card.Stdout, KappaJson.Options)!.Rows;
            Assert.Equal(
                [
                    ("2026-03-28", """{"payments":2,"revenue":59.75,"biggest":42.5,"providers":2}"""),
                    ("2026-03-29", """{"payments":1,"revenue":0.1,"biggest":0.1,"providers":1}"""),
                ],
                rows.Select(r => (r.WindowStart.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), JsonSerializer.Serialize(r.Values))));

            Assert.Equal(0, await server.StopAsync());
        }

        var dead = Assert.Single(await ReadAsync(dataDir, "payments.dlq"));
        Assert.Equal("not avro", Encoding.UTF8.GetString(dead.Value));
        Assert.Equal(
            "the value is not Avro in Confluent's wire format: unknown magic byte 110: the value is not in Confluent's wire format (byte 0 must be 0)",
            dead.Error);
    }

    [Fact]
    public async Task A_field_the_registered_schema_lacks_fails_the_start_with_its_file_and_line()
    {
        var dataDir = _dir.Combine("data");
        await using (var server = await KappaServerProcess.StartAsync(dataDir))
        {
            var register = await KappaCli.RunAsync(["schemas", "register", "payments-value", PaymentSchema, "--url", server.Url.ToString()]);
            Assert.True(register.ExitCode == 0, register.Stderr);
            Assert.Equal(0, await server.StopAsync());
        }

        var views = _dir.Combine("typo.yaml");
        await File.WriteAllTextAsync(views, (await File.ReadAllTextAsync(Example)).Replace("sum(amount)", "sum(amout)", StringComparison.Ordinal));

        var run = await KappaCli.RunAsync(["run", "--data-dir", dataDir, "--http", $"http://127.0.0.1:{FreePort.Next()}", "--views", views]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(
            $"kappa: bad view definition:{Environment.NewLine}{views}:16:3: aggregate 'revenue' reads field 'amout', which schema subject 'payments-value' "
            + "('kappa.examples.Payment', latest version) does not have; its fields are payment_id, order_id, amount, method, metadata, ts",
            run.Stderr,
            StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private static async Task<List<(byte[] Value, string Error)>> ReadAsync(string dataDir, string topic)
    {
        await using var log = EmbeddedLog.Open(new EmbeddedLogOptions { DataDirectory = Path.Combine(dataDir, "log") });
        var description = await log.Admin.DescribeTopicAsync(topic);
        Assert.NotNull(description);
        using var consumer = log.CreateConsumer("test.reader");
        consumer.Assign([.. Enumerable.Range(0, description.Partitions).Select(p => new TopicPartitionOffset(topic, p, LogOffset.Beginning))]);
        var records = new List<(byte[], string)>();
        for (var empty = 0; empty < 3;)
        {
            var batch = await consumer.PollAsync(100, TimeSpan.FromMilliseconds(200));
            empty = batch.IsEmpty ? empty + 1 : 0;
            foreach (var record in batch.Records)
            {
                var error = record.Headers.ToList().Single(h => h.Name == "kappa.error");
                records.Add((record.Value!.Value.ToArray(), Encoding.UTF8.GetString(error.Value.Span)));
            }
        }

        return records;
    }
}
