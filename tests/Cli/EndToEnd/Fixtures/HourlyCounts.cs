using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Kappa.Contracts;
using Kappa.Contracts.Queries;
using Kappa.Log.Abstractions;
using Kappa.Cli.Hosting;
using Kappa.Log.Kafka;
using Kappa.TestKit;
using Kappa.TestKit.Kafka;
using Microsoft.Extensions.Configuration;

namespace Kappa.Cli.Tests.EndToEnd.Fixtures;

/// <summary>
/// The hourly count per key that the Kafka end-to-end tests run: events, their batch oracle (the count per key and
/// hour), and the view as a server shows it once it has counted them all.
/// </summary>
internal static class HourlyCounts
{
    /// <summary>The view: events per key and hour, with room for the disorder of several producers.</summary>
    public const string Definition = """
        view: hourly
        source: events
        time: { field: ts, max-disorder: 1h, grace: 30d }
        window: { tumbling: 1h }
        aggregates: { count: count() }
        """;

    private static readonly long Start = DateTimeOffset.Parse("2026-11-01T00:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    /// <summary>
    /// Events <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/> - 1 of a deterministic
    /// stream over <paramref name="keys"/> keys, one second apart; with <paramref name="badEvery"/> &gt; 0 every such
    /// event is not JSON (a dead letter). Adds the good ones to <paramref name="expected"/> (key@hour → count).
    /// </summary>
    public static ProducerRecord[] Events(int from, int count, int keys, int badEvery, IDictionary<string, long> expected)
    {
        var records = new ProducerRecord[count];
        for (var i = from; i < from + count; i++)
        {
            var key = $"user-{(int)((uint)(i * 2_654_435_761L) % keys)}";
            var ts = Start + (i * 1_000L);
            var value = badEvery > 0 && i % badEvery == 0 ? "not json" : $$"""{"ts":{{ts}}}""";
            if (value[0] == '{')
            {
                var hour = DateTimeOffset.FromUnixTimeMilliseconds(ts - (ts % 3_600_000)).ToString("O", CultureInfo.InvariantCulture);
                expected[$"{key}@{hour}"] = expected.TryGetValue($"{key}@{hour}", out var n) ? n + 1 : 1;
            }

            records[i - from] = new ProducerRecord(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value), ts);
        }

        return records;
    }

    /// <summary>A Kafka log on the test cluster, with the settings it needs there.</summary>
    public static KafkaLog Connect(IKafkaBroker kafka)
    {
        var options = new KafkaOptions { BootstrapServers = kafka.BootstrapServers };
        KafkaLogHosting.Bind(new ConfigurationBuilder().AddInMemoryCollection(
            kafka.ClientSettings.ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => (string?)s.Value)).Build().GetSection("Kafka"), options);
        return KafkaLog.Connect(options);
    }

    /// <summary>Appends <paramref name="records"/> to the events topic, straight to Kafka.</summary>
    public static async Task ProduceAsync(IKafkaBroker kafka, ProducerRecord[] records)
    {
        await using var log = Connect(kafka);
        using var producer = log.CreateProducer();
        await producer.AppendAsync("events", records);
    }

    /// <summary>The view's rows (key@hour → count) once they add up to <paramref name="total"/>; times out after 90 s.</summary>
    public static async Task<SortedDictionary<string, long>> RowsWhenCountedAsync(KappaServerProcess server, long total, params KappaServerProcess[] others)
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

        var outputs = string.Join("\n", others.Select(o => "---\n" + o.Output));
        throw new TimeoutException($"the view counted {rows.Values.Sum()} of {total} events\n{server.Output}{outputs}");
    }
}
