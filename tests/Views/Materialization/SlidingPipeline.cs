using System.Text;
using System.Text.Json;
using Kappa.Contracts.Views;
using Kappa.Log.Abstractions;
using Kappa.Log.Embedded;
using Kappa.Processor.Hosting;
using Kappa.Processor.Pipeline;
using Kappa.TestKit;
using Kappa.Views.Materialization;
using Kappa.Views.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kappa.Views.Tests.Materialization;

/// <summary>
/// A sliding view end to end over a real embedded log: the view's tasks (one per source partition) publish 1 ms bucket
/// partials, and the real materializer combines them into the view store's rows.
/// </summary>
internal sealed class SlidingPipeline : IAsyncDisposable
{
    private readonly TempDirectory _dir = new("sliding");
    private readonly EmbeddedLog _log;
    private readonly int _partitions;

    private SlidingPipeline(CompiledView view, int partitions)
    {
        View = view;
        _partitions = partitions;
        _log = EmbeddedLog.Open(new EmbeddedLogOptions { DataDirectory = _dir.Combine("log") });
        Store = ViewStore.Open(_dir.Combine("views"));
    }

    public CompiledView View { get; }

    public ViewStore Store { get; }

    public static async Task<SlidingPipeline> StartAsync(string yaml, int partitions)
    {
        var pipeline = new SlidingPipeline(ViewCompiler.CompileText(yaml, "sliding.yaml")[0], partitions);
        await pipeline._log.Admin.CreateTopicAsync(new TopicSpec(pipeline.View.Source, partitions));
        await pipeline._log.Admin.CreateTopicAsync(new TopicSpec(pipeline.View.ChangelogTopic(1), partitions, new TopicConfig(Compacted: true)));
        return pipeline;
    }

    /// <summary>Appends JSON values, each to the given source partition, in order.</summary>
    public async Task AppendAsync(IEnumerable<(int Partition, string Json)> events)
    {
        using var producer = _log.CreateProducer();
        await producer.AppendAsync(View.Source, events.Select(e => new ProducerRecord(null, Encoding.UTF8.GetBytes(e.Json), 0, e.Partition)).ToArray());
    }

    /// <summary>Runs every task until it has committed the end of its partition; returns the summed counters.</summary>
    public async Task<TaskCounters> RunTasksAsync(int maxPollRecords)
    {
        var options = new ProcessorOptions
        {
            StateDirectory = _dir.Combine("state"),
            CommitInterval = TimeSpan.FromMilliseconds(1),
            MaxPollRecords = maxPollRecords,
        };
        using var stop = new CancellationTokenSource();
        var status = new ProcessorStatus();
        var tasks = Enumerable.Range(0, _partitions).Select(p => new ViewTask(View, 1, p, _log, options, NullLogger.Instance, status)).ToList();
        var runs = tasks.Select(t => Task.Run(() => t.RunAsync(stop.Token))).ToList();
        using var probe = _log.CreateConsumer("probe-tasks");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        for (var p = 0; p < _partitions; p++)
        {
            var end = probe.GetWatermarks(new TopicPartition(View.Source, p)).High;
            while (!status.Partitions(View.Name, 1).TryGetValue(p, out var progress) || Math.Max(progress.NextOffset, 0) < end)
            {
                if (DateTime.UtcNow > deadline || runs.Any(r => r.IsFaulted))
                {
                    await stop.CancelAsync();
                    await Task.WhenAll(runs);
                    throw new TimeoutException($"task {p} did not catch up");
                }

                await Task.Delay(10);
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(runs);
        return tasks.Aggregate(default(TaskCounters), (sum, t) => sum + t.Counters);
    }

    /// <summary>Runs the materializer until the store has applied the whole changelog, then stops it.</summary>
    public async Task MaterializeAsync(int maxPollRecords, int shards = 3)
    {
        var changelog = (await _log.Admin.DescribeTopicAsync(View.ChangelogTopic(1)))!;
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => new ViewMaterializer(View, 1, _log, Store, maxPollRecords, NullLogger.Instance, shards).RunAsync(changelog, stop.Token));
        using var probe = _log.CreateConsumer("probe-materializer");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        for (var p = 0; p < changelog.Partitions; p++)
        {
            var end = probe.GetWatermarks(new TopicPartition(changelog.Name, p)).High;
            while ((Store.ReadNextOffset(View.Name, 1, p) ?? 0) < end && DateTime.UtcNow < deadline && !run.IsFaulted)
            {
                await Task.Delay(10);
            }
        }

        await stop.CancelAsync();
        await run;
    }

    /// <summary>The stored rows as (key, window start, window end) → values JSON.</summary>
    public Dictionary<(string Key, long Start, long End), IReadOnlyDictionary<string, JsonElement>> Rows()
    {
        var rows = new Dictionary<(string, long, long), IReadOnlyDictionary<string, JsonElement>>();
        byte[]? after = null;
        while (Store.Scan(View.Name, 1, [], after, 500) is { Count: > 0 } page)
        {
            foreach (var (_, json) in page)
            {
                var row = JsonSerializer.Deserialize<ViewRow>(json, Contracts.KappaJson.Options)!;
                rows[(row.Key, row.WindowStart.ToUnixTimeMilliseconds(), row.WindowEnd.ToUnixTimeMilliseconds())] = row.Values;
            }

            after = page[^1].RowKey;
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        Store.Dispose();
        await _log.DisposeAsync();
        _dir.Dispose();
    }
}
