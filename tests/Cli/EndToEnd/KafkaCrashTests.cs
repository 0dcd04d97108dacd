using Kappa.Cli.Tests.EndToEnd.Fixtures;
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
    private readonly TempDirectory _dir = new("kafka-crash");

    [KafkaFact]
    public async Task Kills_while_processing_leave_the_view_equal_to_the_oracle()
    {
        await using var kafka = await KafkaBrokers.StartAsync();
        await kafka.CreateKappaTopicsAsync();
        foreach (var topic in new[] { "events", "_kappa.view.hourly.v1", "events.dlq", "events.late" })
        {
            await kafka.CreateTopicAsync(topic, 4, compacted: topic.StartsWith("_kappa.view.", StringComparison.Ordinal));
        }

        var views = _dir.Combine("hourly.yaml");
        await File.WriteAllTextAsync(views, HourlyCounts.Definition);
        var environment = new Dictionary<string, string>(kafka.ClientSettings)
        {
            // A killed server stays in the worker group, holding its share of the partitions, until its session times
            // out: 6 s instead of Kafka's 45, which after three kills outlasted the wait below whenever the killed
            // servers had joined the group before they died (on a quiet machine they do).
            ["Kafka__session_timeout_ms"] = "6000",
            ["Kafka__heartbeat_interval_ms"] = "500",
        };
        var expected = await ProduceAsync(kafka);
        var dataDir = _dir.Combine("data");
        var random = new Random(5);
        var killed = new List<KappaServerProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var doomed = KappaServerProcess.Launch(dataDir, environment, "--kafka", kafka.BootstrapServers, "--views", views);
                killed.Add(doomed);
                await Task.Delay(random.Next(1_000, 2_500));
                await doomed.KillAsync();
            }

            await using var server = await KappaServerProcess.StartAsync(dataDir, environment, "--kafka", kafka.BootstrapServers, "--views", views);
            var actual = await HourlyCounts.RowsWhenCountedAsync(server, Events, [.. killed]);
            Assert.Equal(expected, actual);
        }
        finally
        {
            foreach (var doomed in killed)
            {
                await doomed.DisposeAsync();
            }
        }
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Appends the events straight to Kafka; returns the count per (key, hour start).</summary>
    private static async Task<SortedDictionary<string, long>> ProduceAsync(IKafkaBroker kafka)
    {
        var expected = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await HourlyCounts.ProduceAsync(kafka, HourlyCounts.Events(0, Events, Keys, badEvery: 0, expected));
        return expected;
    }
}
