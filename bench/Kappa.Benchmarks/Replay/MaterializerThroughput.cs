using System.Diagnostics;
using System.Globalization;
using Kappa.Benchmarks.Diagnostics;
using Kappa.Benchmarks.Processor;
using Kappa.Contracts.Definitions;
using Kappa.Log.Abstractions;
using Kappa.Log.Embedded;
using Kappa.Processor.Hosting;
using Kappa.Processor.Pipeline;
using Kappa.Views.Materialization;
using Kappa.Views.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kappa.Benchmarks.Replay;

/// <summary>
/// The <c>--materializer</c> mode: the materializer alone, the second half of a replay's rebuild. The replay
/// benchmark's events (a daily count and sum per customer over 7 days) are processed once by one
/// <see cref="ViewTask"/> per partition, as a replay does (so the changelog has the shape and size a replay's has);
/// then, timed, a <see cref="ViewMaterializer"/> applies that whole changelog to a fresh <see cref="ViewStore"/>,
/// once per run, so runs with different shard counts see the same changelog.
/// </summary>
internal static class MaterializerThroughput
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var events = ServerBench.Option(args, "--events", 10_000_000L);
        var keys = (int)ServerBench.Option(args, "--keys", 100_000L);
        var runs = (int)ServerBench.Option(args, "--runs", 1L);
        var shardCounts = args.ToList().IndexOf("--shards") is var at and >= 0 && at + 1 < args.Count
            ? args[at + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            : [ViewMaterializer.DefaultShards];
        var view = ViewCompiler.Compile(ViewDefinitionLoader.Parse(ServerBench.DailyYaml, "bench.yaml"))[0];
        var directory = Path.Combine(Path.GetTempPath(), "kappa-bench", Guid.NewGuid().ToString("N"));
        try
        {
            Console.WriteLine($"materializer: {events:N0} events, {keys:N0} keys, 4 partitions, daily windows over 7 days");
            await using var log = EmbeddedLog.Open(new EmbeddedLogOptions { DataDirectory = Path.Combine(directory, "log") });
            await log.Admin.CreateTopicAsync(new TopicSpec(view.Source, 4));
            var changelog = await log.Admin.EnsureTopicAsync(new TopicSpec(view.ChangelogTopic(1), 4, new TopicConfig(Compacted: true)));
            var options = ProcessorRunOptions.Parse([]) with { Events = events, Keys = keys, Span = TimeSpan.FromDays(7) };
            await ProcessorThroughput.AppendEventsAsync(log, view.Source, options);
            using var allocations = args.Contains("--allocations") ? new AllocationSampler() : null;
            var records = await ProduceChangelogAsync(log, view, changelog, events, Path.Combine(directory, "state"));
            Console.WriteLine($"  changelog: {records:N0} records");
            allocations?.Report("the tasks");

            var measured = 0;
            foreach (var shards in shardCounts)
            {
                for (var run = 0; run < runs; run++)
                {
                    await MaterializeAsync(log, view, changelog, records, shards, Path.Combine(directory, $"views-{measured++}"));
                    allocations?.Report("the materializer");
                }
            }

            return 0;
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>Runs the tasks over every event and waits until their changelog stops growing; returns its length.</summary>
    private static async Task<long> ProduceChangelogAsync(EmbeddedLog log, CompiledView view, TopicDescription changelog, long events, string stateDirectory)
    {
        var start = ProcessCost.Now();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var processorOptions = new ProcessorOptions { StateDirectory = stateDirectory };
        var runs = Enumerable.Range(0, 4)
            .Select(p => new ViewTask(view, 1, p, log, processorOptions, NullLogger.Instance))
            .Select(t => Task.Run(() => t.RunAsync(stop.Token)))
            .ToList();
        using var probe = log.CreateConsumer("bench-probe");
        for (var p = 0; p < 4; p++)
        {
            var partition = new TopicPartition(view.Source, p);
            var end = probe.GetWatermarks(partition).High;
            using var group = log.CreateConsumer(ViewTask.GroupId(view.Name, 1));
            while ((await group.CommittedAsync(partition) ?? 0) < end)
            {
                if (runs.FirstOrDefault(r => r.IsFaulted) is { } failed)
                {
                    await failed;
                }

                await Task.Delay(20);
            }
        }

        // The outbox is published after the state commit: wait until the changelog has been still for a while.
        long total = -1;
        for (var still = 0; still < 10; await Task.Delay(100))
        {
            var now = Enumerable.Range(0, changelog.Partitions).Sum(p => probe.GetWatermarks(new TopicPartition(changelog.Name, p)).High);
            still = now == total ? still + 1 : 0;
            total = now;
        }

        await stop.CancelAsync();
        await Task.WhenAll(runs);
        var cost = ProcessCost.Since(start);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  processed in {clock.Elapsed.TotalSeconds:F1} s (CPU {cost.Cpu.TotalSeconds:F1} s), "
            + $"{(double)cost.Allocated / events:F1} B/event, GC paused {cost.Paused.TotalSeconds:F2} s, "
            + $"collections of gen 0, 1, 2: {cost.Gen0}, {cost.Gen1}, {cost.Gen2} (each counted in its younger generations too)"));
        return total;
    }

    private static async Task MaterializeAsync(EmbeddedLog log, CompiledView view, TopicDescription changelog, long records, int shards, string storeDirectory)
    {
        using var store = ViewStore.Open(storeDirectory);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var start = ProcessCost.Now();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var materializer = new ViewMaterializer(view, 1, log, store, 10_000, NullLogger.Instance, shards);
        var run = Task.Run(() => materializer.RunAsync(changelog, stop.Token));
        using var probe = log.CreateConsumer("bench-probe");
        for (var p = 0; p < changelog.Partitions; p++)
        {
            var end = probe.GetWatermarks(new TopicPartition(changelog.Name, p)).High;
            while ((store.ReadNextOffset(view.Name, 1, p) ?? 0) < end)
            {
                if (run.IsFaulted)
                {
                    await run;
                }

                await Task.Delay(5);
            }
        }

        var elapsed = clock.Elapsed;
        var cost = ProcessCost.Since(start);
        await stop.CancelAsync();
        await run;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  shards {shards}: {records / elapsed.TotalSeconds:N0} records/s ({elapsed.TotalSeconds:F2} s, CPU {cost.Cpu.TotalSeconds:F1} s), "
            + $"{store.CountRows(view.Name, 1):N0} rows, {(double)cost.Allocated / records:F0} B/record, GC paused {cost.Paused.TotalSeconds:F2} s"));
    }
}
