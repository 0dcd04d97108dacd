using System.Text.RegularExpressions;
using Kappa.Cli.Tests.EndToEnd.Fixtures;
using Kappa.Contracts.Queries;
using Kappa.Log.Abstractions;
using Kappa.TestKit;
using Kappa.TestKit.Kafka;
using Xunit;

namespace Kappa.Cli.Tests.EndToEnd;

/// <summary>
/// Distributed processing over the Kafka protocol (librdkafka's mock cluster in a process of its own): processor
/// workers (<c>kappa run --role processor</c>, each with its own data directory) share a topic of 8 partitions
/// through a consumer group, and a views server (<c>--role views</c>) materializes what they publish. Whatever the
/// workers go through (a late joiner, a kill -9), the view equals the batch oracle and every dead letter appears once.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class KafkaWorkersTests : IDisposable
{
    private const int Partitions = 8;
    private const int Keys = 200;
    private const int BadEvery = 97;
    private readonly TempDirectory _dir = new("kafka-workers");

    [KafkaFact]
    public async Task A_worker_that_joins_later_gets_a_fair_share_and_the_view_equals_the_oracle()
    {
        await using var kafka = await StartKafkaAsync();
        await using var views = await StartAsync(kafka, "views", "views");
        await using var first = await StartAsync(kafka, "first", "processor");
        await WaitForTasksAsync(first, Partitions);

        var expected = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await HourlyCounts.ProduceAsync(kafka, HourlyCounts.Events(0, 10_000, Keys, BadEvery, expected));
        await using var second = await StartAsync(kafka, "second", "processor");

        // Cooperative-sticky: the first worker gives up half of its partitions, the newcomer takes them.
        await WaitForTasksAsync(second, Partitions / 2);
        await WaitForTasksAsync(first, Partitions / 2);
        Assert.Contains("revoked, their tasks stopped and committed", first.Output, StringComparison.Ordinal);

        await HourlyCounts.ProduceAsync(kafka, HourlyCounts.Events(10_000, 10_000, Keys, BadEvery, expected));
        Assert.Equal(expected, await HourlyCounts.RowsWhenCountedAsync(views, expected.Values.Sum(), first, second));
        Assert.Equal(20_000 / BadEvery + 1, await DeadLettersAsync(kafka));

        // The views server runs no task, yet accounts for every record: the workers publish their counters.
        Assert.Equal(
            new RecordCounters(20_000, 20_000 - (20_000 / BadEvery) - 1, 0, (20_000 / BadEvery) + 1, 0),
            await ViewCounters.WhenAsync(views, "hourly", c => c.In == 20_000));
    }

    [KafkaFact]
    public async Task When_a_worker_is_killed_mid_stream_the_other_takes_its_partitions_over_and_loses_nothing()
    {
        await using var kafka = await StartKafkaAsync();
        await using var views = await StartAsync(kafka, "views", "views");
        await using var doomed = await StartAsync(kafka, "doomed", "processor");
        await using var survivor = await StartAsync(kafka, "survivor", "processor");
        await WaitForTasksAsync(doomed, Partitions / 2);
        await WaitForTasksAsync(survivor, Partitions / 2);

        // A stream of 30 batches; the kill lands while it flows, with the doomed worker's tasks mid-commit or not.
        var expected = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var batch = 0; batch < 30; batch++)
        {
            await HourlyCounts.ProduceAsync(kafka, HourlyCounts.Events(batch * 1_000, 1_000, Keys, BadEvery, expected));
            if (batch == 12)
            {
                await doomed.KillAsync();
            }

            await Task.Delay(100);
        }

        // Its session times out (6 s here) and the group gives its partitions to the survivor, which restores them.
        await WaitForTasksAsync(survivor, Partitions);
        Assert.Equal(expected, await HourlyCounts.RowsWhenCountedAsync(views, expected.Values.Sum(), survivor));
        Assert.Equal(30_000 / BadEvery + 1, await DeadLettersAsync(kafka));
        Assert.Contains("restored", survivor.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private static async Task<IKafkaBroker> StartKafkaAsync()
    {
        var kafka = await KafkaBrokers.StartAsync();
        await kafka.CreateKappaTopicsAsync();
        foreach (var topic in new[] { "events", "_kappa.view.hourly.v1", "events.dlq", "events.late" })
        {
            await kafka.CreateTopicAsync(topic, Partitions, compacted: topic.StartsWith("_kappa.view.", StringComparison.Ordinal));
        }

        return kafka;
    }

    private async Task<KappaServerProcess> StartAsync(IKafkaBroker kafka, string name, string role)
    {
        var views = _dir.Combine("hourly.yaml");
        if (!File.Exists(views))
        {
            await File.WriteAllTextAsync(views, HourlyCounts.Definition);
        }

        var environment = new Dictionary<string, string>(kafka.ClientSettings)
        {
            // A dead worker's partitions move once its session times out: 6 s instead of Kafka's 45.
            ["Kafka__session_timeout_ms"] = "6000",
            ["Kafka__heartbeat_interval_ms"] = "500",
        };
        return await KappaServerProcess.StartAsync(
            _dir.Combine(name), environment, "--kafka", kafka.BootstrapServers, "--views", views, "--role", role);
    }
    /// <summary>How many records the dead-letter topic holds.</summary>
    private static async Task<long> DeadLettersAsync(IKafkaBroker kafka)
    {
        await using var log = HourlyCounts.Connect(kafka);
        using var consumer = log.CreateConsumer("_test.dlq");
        return Enumerable.Range(0, Partitions).Sum(p => consumer.GetWatermarks(new TopicPartition("events.dlq", p)).High);
    }

    /// <summary>Waits until the worker's last word on its tasks is that <paramref name="count"/> run.</summary>
    private static async Task WaitForTasksAsync(KappaServerProcess worker, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var said = TasksRun().Matches(worker.Output);
            if (said.Count > 0 && int.Parse(said[^1].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) == count)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the worker does not run {count} tasks:\n{worker.Output}");
    }

    [GeneratedRegex(@"(\d+) tasks run")]
    private static partial Regex TasksRun();
}
