using System.Net.Http.Json;
using System.Text.Json;
using Kappa.Contracts;
using Kappa.Contracts.Queries;
using Kappa.Contracts.Topics;
using Kappa.Log.Abstractions;
using Kappa.Log.Embedded;
using Kappa.TestKit;
using Xunit;
using Xunit.Abstractions;

namespace Kappa.Cli.Tests.EndToEnd;

/// <summary>
/// kill -9 of <c>kappa run</c> while producers append and the processor works. Every acknowledged record
/// must survive, offsets must stay dense, and after the last restart the view must equal a batch
/// GROUP BY over whatever the log holds: nothing lost, nothing counted twice.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IDisposable
{
    private const string View = "events_per_key_hourly";
    private const int Keys = 40;
    private static readonly long BaseTime = DateTimeOffset.Parse("2026-11-22T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private readonly TempDirectory _dir = new("crash");

    [Fact]
    public async Task Acknowledged_records_survive_kill_9_and_the_view_equals_the_batch_oracle()
    {
        var dataDir = _dir.Combine("data");
        var acknowledged = new Dictionary<(int Partition, long Offset), long>();
        var random = new Random(20261122);
        long next = 0;
        var kills = Soak.Choose(normal: 4, soak: 20);

        for (var round = 0; round < kills; round++)
        {
            var server = await KappaServerProcess.StartAsync(dataDir);
            using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(10) };
            var killAt = DateTime.UtcNow.AddMilliseconds(random.Next(300, 1500));
            while (DateTime.UtcNow < killAt)
            {
                Assert.True(await TryProduceAsync(http, next, acknowledged), server.Output);
                next += BatchSize;
            }

            // Kill while a produce request may be in flight and the processor is mid-commit. The in-flight
            // batch may or may not be acknowledged; only what was acknowledged is promised.
            var inFlight = TryProduceAsync(http, next, acknowledged);
            next += BatchSize;
            await Task.Delay(random.Next(0, 20));
            await server.KillAsync();
            await inFlight;
            await server.DisposeAsync();

            await AssertLogHoldsEveryAcknowledgedRecordAsync(Path.Combine(dataDir, "log"), acknowledged);
            output.WriteLine($"round {round}: {acknowledged.Count} acknowledged records");
        }

        var oracle = await OracleAsync(Path.Combine(dataDir, "log"));
        await using var final = await KappaServerProcess.StartAsync(dataDir);
        await AssertViewEqualsAsync(final, oracle);
    }

    public void Dispose() => _dir.Dispose();

    private const int BatchSize = 200;

    private static async Task<bool> TryProduceAsync(HttpClient http, long first, Dictionary<(int, long), long> acknowledged)
    {
        var batch = Enumerable.Range(0, BatchSize).Select(i => Event(first + i)).ToList();
        try
        {
            using var response = await http.PostAsJsonAsync("topics/events/records", new ProduceRequest(batch), KappaJson.Options);
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }

            var answer = (await response.Content.ReadFromJsonAsync<ProduceResponse>(KappaJson.Options))!;
            lock (acknowledged)
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    acknowledged[(answer.Offsets[i].Partition, answer.Offsets[i].Offset)] = first + i;
                }
            }

            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private static ProduceRecord Event(long n)
    {
        var key = $"k{n % Keys}";
        var value = JsonSerializer.SerializeToElement(new { n });
        return new ProduceRecord(key, value, BaseTime + (n * 7919 % (6 * 3_600_000)));
    }

    private static async Task AssertLogHoldsEveryAcknowledgedRecordAsync(string logDirectory, Dictionary<(int, long), long> acknowledged)
    {
        var stored = await ReadAllAsync(logDirectory);
        foreach (var ((partition, offset), n) in acknowledged)
        {
            Assert.True(stored.TryGetValue((partition, offset), out var record), $"acknowledged record {partition}@{offset} is lost");
            Assert.Equal(n, record.N);
        }
    }

    private static async Task<Dictionary<(string Key, long WindowStart), long>> OracleAsync(string logDirectory)
    {
        var stored = await ReadAllAsync(logDirectory);
        return stored.Values
            .GroupBy(r => (r.Key, WindowStart: r.Timestamp - (r.Timestamp % 3_600_000)))
            .ToDictionary(g => g.Key, g => (long)g.Count());
    }

    /// <summary>Reads the whole topic in-process, checking that every partition's offsets are dense.</summary>
    private static async Task<Dictionary<(int Partition, long Offset), (string Key, long Timestamp, long N)>> ReadAllAsync(string logDirectory)
    {
        await using var log = EmbeddedLog.Open(new EmbeddedLogOptions { DataDirectory = logDirectory });
        var topic = await log.Admin.DescribeTopicAsync("events") ?? throw new InvalidOperationException("no events topic");
        using var consumer = log.CreateConsumer("crash-test-reader");
        consumer.Assign([.. Enumerable.Range(0, topic.Partitions).Select(p => new TopicPartitionOffset("events", p, LogOffset.Beginning))]);
        var expectedNext = new long[topic.Partitions];
        var records = new Dictionary<(int, long), (string, long, long)>();
        while (true)
        {
            var batch = await consumer.PollAsync(10_000, TimeSpan.FromMilliseconds(200));
            if (batch.IsEmpty)
            {
                break;
            }

            foreach (var record in batch.Records.ToArray())
            {
                Assert.Equal(expectedNext[record.Partition], record.Offset);
                expectedNext[record.Partition] = record.Offset + 1;
                using var value = JsonDocument.Parse(record.Value!.Value);
                records[(record.Partition, record.Offset)] = (
                    System.Text.Encoding.UTF8.GetString(record.Key!.Value.Span),
                    record.Timestamp,
                    value.RootElement.GetProperty("n").GetInt64());
            }
        }

        for (var p = 0; p < topic.Partitions; p++)
        {
            Assert.Equal(consumer.GetWatermarks(new TopicPartition("events", p)).High, expectedNext[p]);
        }

        return records;
    }

    private static async Task AssertViewEqualsAsync(KappaServerProcess server, Dictionary<(string Key, long WindowStart), long> oracle)
    {
        using var http = new HttpClient { BaseAddress = server.Url };
        var expectedTotal = oracle.Values.Sum();
        Dictionary<(string, long), long> actual = [];
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            actual = await ReadViewAsync(http);
            if (actual.Values.Sum() == expectedTotal && actual.Count == oracle.Count)
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.Equal(oracle.OrderBy(p => p.Key), actual.OrderBy(p => p.Key));
    }

    private static async Task<Dictionary<(string, long), long>> ReadViewAsync(HttpClient http)
    {
        var rows = new Dictionary<(string, long), long>();
        string? cursor = null;
        do
        {
            var page = (await http.GetFromJsonAsync<RowsPage>(
                $"views/{View}/rows?limit=1000" + (cursor is null ? string.Empty : $"&cursor={cursor}"),
                KappaJson.Options))!;
            foreach (var row in page.Rows)
            {
                rows[(row.Key, row.WindowStart.ToUnixTimeMilliseconds())] = row.Values["count"].GetInt64();
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return rows;
    }
}
