using System.Text;
using System.Text.Json;
using Kappa.Contracts.Views;
using Kappa.Log.Abstractions;
using Kappa.Log.Embedded;
using Kappa.Processor.Hosting;
using Kappa.Processor.Tasks;
using Kappa.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Kappa.Processor.Tests.Tasks;

/// <summary>
/// A partition task over the real embedded log and RocksDB: its changelog, read as "latest value per row",
/// equals a batch GROUP BY of the input, also across restarts.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PartitionTaskTests : IAsyncLifetime
{
    private static readonly ViewDefinition View = new("counts", "input", TimeSpan.FromHours(1));
    private readonly TempDirectory _dir = new("partition-task");
    private EmbeddedLog _log = null!;

    public async Task InitializeAsync()
    {
        _log = EmbeddedLog.Open(new EmbeddedLogOptions { DataDirectory = _dir.Combine("log") });
        await _log.Admin.CreateTopicAsync(new TopicSpec("input", 1));
        await _log.Admin.CreateTopicAsync(new TopicSpec(View.ChangelogTopic(1), 1, new TopicConfig(Compacted: true)));
    }

    public async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task The_changelog_holds_the_count_of_every_key_and_hour()
    {
        var events = Events(seed: 1, count: 5_000);
        await AppendAsync(events);

        await RunUntilCaughtUpAsync(events.Count);

        Assert.Equal(Oracle(events), await ReadViewAsync());
    }

    [Fact]
    public async Task A_restarted_task_resumes_where_it_stopped_without_counting_twice()
    {
        var first = Events(seed: 2, count: 3_000);
        await AppendAsync(first);
        await RunUntilCaughtUpAsync(first.Count);

        var second = Events(seed: 3, count: 2_000);
        await AppendAsync(second);
        await RunUntilCaughtUpAsync(first.Count + second.Count);

        Assert.Equal(Oracle([.. first, .. second]), await ReadViewAsync());
    }

    private static List<(string Key, long Timestamp)> Events(int seed, int count)
    {
        var random = new Random(seed);
        var start = DateTimeOffset.Parse("2026-03-29T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        return [.. Enumerable.Range(0, count).Select(_ => ($"key-{random.Next(50)}", start + random.NextInt64(24 * 3_600_000)))];
    }

    private static Dictionary<(string, long), long> Oracle(IEnumerable<(string Key, long Timestamp)> events) =>
        events.GroupBy(e => (e.Key, e.Timestamp - (e.Timestamp % 3_600_000))).ToDictionary(g => g.Key, g => (long)g.LongCount());

    private async Task AppendAsync(List<(string Key, long Timestamp)> events)
    {
        using var producer = _log.CreateProducer();
        var records = events.Select(e => new ProducerRecord(Encoding.UTF8.GetBytes(e.Key), "{}"u8.ToArray(), e.Timestamp, Partition: 0)).ToArray();
        await producer.AppendAsync("input", records);
    }

    private async Task RunUntilCaughtUpAsync(long inputRecords)
    {
        var options = new ProcessorOptions { StateDirectory = _dir.Combine("state"), CommitInterval = TimeSpan.FromMilliseconds(20), MaxPollRecords = 700 };
        var task = new PartitionTask(View, 1, 0, _log, options, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var run = task.RunAsync(stop.Token);
        using var probe = _log.CreateConsumer(PartitionTask.GroupId(View, 1));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await probe.CommittedAsync(new TopicPartition("input", 0)) != inputRecords)
        {
            Assert.True(DateTime.UtcNow < deadline, "the task did not catch up");
            Assert.False(run.IsFaulted, run.Exception?.ToString());
            await Task.Delay(20);
        }

        await stop.CancelAsync();
        await run;
    }

    /// <summary>Reads the changelog as a compacted topic: the last value per row key wins.</summary>
    private async Task<Dictionary<(string, long), long>> ReadViewAsync()
    {
        using var consumer = _log.CreateConsumer("reader");
        consumer.Assign([new TopicPartitionOffset(View.ChangelogTopic(1), 0, LogOffset.Beginning)]);
        var rows = new Dictionary<(string, long), long>();
        while (true)
        {
            var batch = await consumer.PollAsync(10_000, TimeSpan.FromMilliseconds(100));
            if (batch.IsEmpty)
            {
                return rows;
            }

            foreach (var record in batch.Records.ToArray())
            {
                var (key, windowStart) = RowKey.Decode(record.Key!.Value.Span);
                using var row = JsonDocument.Parse(record.Value!.Value);
                Assert.Equal(windowStart, record.Timestamp);
                rows[(Encoding.UTF8.GetString(key), windowStart)] = row.RootElement.GetProperty("values").GetProperty("count").GetInt64();
            }
        }
    }
}
