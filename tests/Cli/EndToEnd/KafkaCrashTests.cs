using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Kappa.Contracts;
using Kappa.Contracts.Queries;
using Kappa.Log.Abstractions;
using Kappa.Log.Kafka;
using Kappa.TestKit;
using Kappa.TestKit.Kafka;
using Xunit;

namespace Kappa.Cli.Tests.EndToEnd;

/// <summary>
/// kill -9 of <c>kappa run --kafka</c> while it processes, with the broker in a process of its own that lives on:
/// after the last restart the view equals the hourly counts computed from the input, so no event was lost or counted
/// twice across the kills.
/// </summary>
[Trait("Category", "Integration")]
public sealed class KafkaCrashTests : IDisposable
{
    private const int Events = 30_000;
    private const int Keys = 300;
    private static readonly long Start = DateTimeOffset.Parse("2026-11-01T00:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
    private readonly TempDirectory _dir = new("kafka-crash");

    [Fact]
    public async Task Kills_while_processing_leave_the_view_equal_to_the_oracle()
    {
        await using var kafka = await MockKafkaProcess.StartAsync();
        await kafka.CreateKappaTopicsAsync();
        foreach (var topic in new[] { "events", "_kappa.view.hourly.v1", "events.dlq", "events.late" })
        {
            await kafka.CreateTopicAsync(topic, 4);
        }

        var views = _dir.Combine("hourly.yaml");
        await File.WriteAllTextAsync(views, """
            view: hourly
            source: events
            time: { field: ts, max-disorder: 1h, grace: 30d }
            window: { tumbling: 1h }
            aggregates: { count: count() }
            """);
        var environment = new Dictionary<string, string>
        {
            ["Kafka__DescribeTopicConfigs"] = "false",
            ["Kafka__UseGroupAdminApi"] = "false",
        };
        var expected = await ProduceAsync(kafka.BootstrapServers);
        var dataDir = _dir.Combine("data");
        var random = new Random(5);
        for (var i = 0; i < 3; i++)
        {
            await using var doomed = KappaServerProcess.Launch(dataDir, environment, "--kafka", kafka.BootstrapServers, "--views", views);
            await Task.Delay(random.Next(1_000, 2_500));
            await doomed.KillAsync();
        }

        await using var server = await KappaServerProcess.StartAsync(dataDir, environment, "--kafka", kafka.BootstrapServers, "--views", views);
        var actual = await RowsWhenCountedAsync(server, Events);
        Assert.Equal(expected, actual);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Appends the events straight to Kafka; returns the count per (key, hour start).</summary>
    private static async Task<SortedDictionary<string, long>> ProduceAsync(string bootstrapServers)
    {
        var expected = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var random = new Random(11);
        var records = new ProducerRecord[Events];
        for (var i = 0; i < Events; i++)
        {
            var key = $"user-{random.Next(Keys)}";
            var ts = Start + (i * 1_000L);
            var hour = DateTimeOffset.FromUnixTimeMilliseconds(ts - (ts % 3_600_000)).ToString("O", CultureInfo.InvariantCulture);
            expected[$"{key}@{hour}"] = expected.GetValueOrDefault($"{key}@{hour}") + 1;
            records[i] = new ProducerRecord(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($$"""{"ts":{{ts}}}"""), ts);
        }

        await using var log = KafkaLog.Connect(new KafkaOptions { BootstrapServers = bootstrapServers, DescribeTopicConfigs = false, UseGroupAdminApi = false });
        using var producer = log.CreateProducer();
        await producer.AppendAsync("events", records);
        return expected;
    }

    private static async Task<SortedDictionary<string, long>> RowsWhenCountedAsync(KappaServerProcess server, long total)
    {
        using var http = new HttpClient { BaseAddress = server.Url };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var rows = new SortedDictionary<string, long>(StringComparer.Ordinal);
        while (DateTime.UtcNow < deadline)
        {
            rows.Clear();
            string? cursor = null;
            do
            {
                var page = (await http.GetFromJsonAsync<RowsPage>($"views/hourly/rows?limit=1000{(cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor))}", KappaJson.Options))!;
                foreach (var row in page.Rows)
                {
                    rows[$"{row.Key}@{row.WindowStart.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)}"] = row.Values["count"].GetInt64();
                }

                cursor = page.NextCursor;
            }
            while (cursor is not null);

            if (rows.Values.Sum() == total)
            {
                return rows;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"the view counted {rows.Values.Sum()} of {total} events\n{server.Output}");
    }
}
