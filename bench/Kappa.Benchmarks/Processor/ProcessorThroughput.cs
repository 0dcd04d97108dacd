using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Kappa.Benchmarks.Diagnostics;
using Kappa.Contracts.Definitions;
using Kappa.Log.Abstractions;
using Kappa.Log.Embedded;
using Kappa.Processor.Hosting;
using Kappa.Processor.Pipeline;
using Kappa.Processor.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kappa.Benchmarks.Processor;

/// <summary>
/// The <c>--processor</c> mode: a throughput and memory run of one view over preloaded events, outside
/// BenchmarkDotNet because one run is one long measurement (seconds, millions of events) and peak memory is a
/// property of the whole process. The view counts and sums per customer per event-time hour. Events come either
/// from an embedded log (appended before the clock starts) or from memory (<see cref="GeneratedLog"/>, the engine
/// alone). One <see cref="ViewTask"/> runs per partition, as <see cref="ProcessorService"/> runs them; the clock
/// stops when every partition's group commit, which a task makes after its state commit, has reached the end.
/// </summary>
internal static class ProcessorThroughput
{
    // What a task gets unless the run says otherwise.
    private static readonly ProcessorOptions Defaults = new();

    public const string ViewYaml = """
        view: orders_hourly
        source: orders
        time: { field: ts }
        key: [customer]
        window: { tumbling: 1h }
        aggregates: { n: count(), total: sum(amount) }
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var options = ProcessorRunOptions.Parse(args);
        var view = ViewCompiler.Compile(ViewDefinitionLoader.Parse(ViewYaml, "bench.yaml"))[0];
        var directory = Path.Combine(Path.GetTempPath(), "kappa-bench", Guid.NewGuid().ToString("N"));
        try
        {
            Console.WriteLine($"processor: {options.Events:N0} events, {options.Keys:N0} keys, {options.Partitions} partitions, "
                + $"source {(options.FromLog ? "embedded log" : "in-memory generator")}, cache {options.CacheMaxRows:N0} rows per task, "
                + $"commit every {options.CommitInterval.TotalMilliseconds} ms ({(options.CatchUpCommitInterval ?? Defaults.CatchUpCommitInterval).TotalMilliseconds} ms behind the log, "
                + $"or at {options.CommitMaxDirtyRows ?? Defaults.CommitMaxDirtyRows:N0} dirty rows), polls of {options.MaxPollRecords:N0}, span {options.Span.TotalHours} h, "
                + $"telemetry {(options.Telemetry ? "on" : "off")}");
            await using ILog log = options.FromLog
                ? await LoadLogAsync(view, options, Path.Combine(directory, "log"))
                : Generate(view, options);
            return await MeasureAsync(view, options, log, directory);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>
    /// Runs one <see cref="ViewTask"/> per partition over <paramref name="log"/>, which holds the events already, and
    /// prints the rate, CPU, memory and counters; 1 when the counters do not account for every event.
    /// </summary>
    public static async Task<int> MeasureAsync(CompiledView view, ProcessorRunOptions options, ILog log, string directory)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var peakReset = PeakMemory.TryResetPeak();
        var startRss = PeakMemory.ResidentBytes();
        var processorOptions = new ProcessorOptions
        {
            StateDirectory = Path.Combine(directory, "state"),
            CommitInterval = options.CommitInterval,
            CatchUpCommitInterval = options.CatchUpCommitInterval ?? Defaults.CatchUpCommitInterval,
            CommitMaxDirtyRows = options.CommitMaxDirtyRows ?? Defaults.CommitMaxDirtyRows,
            MaxPollRecords = options.MaxPollRecords,
            CacheMaxRows = options.CacheMaxRows,
        };
        var start = ProcessCost.Now();

        // A server's meter factory, and a listener as /metrics keeps one: recording is then not skipped.
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = options.Telemetry ? new ProcessorMetrics(services.GetRequiredService<IMeterFactory>()) : null;
        using var listener = new MeterListener { InstrumentPublished = (instrument, l) => l.EnableMeasurementEvents(instrument) };
        listener.Start();

        // The managed share of the peak: the heap after each collection and what the GC keeps committed, sampled.
        long heapPeak = 0, committedPeak = 0, gen2Peak = 0, lohPeak = 0;
        using var sampler = new Timer(_ =>
        {
            var info = GC.GetGCMemoryInfo(GCKind.Any);
            heapPeak = Math.Max(heapPeak, info.HeapSizeBytes);
            committedPeak = Math.Max(committedPeak, info.TotalCommittedBytes);
            gen2Peak = Math.Max(gen2Peak, info.GenerationInfo[2].SizeAfterBytes);
            lohPeak = Math.Max(lohPeak, info.GenerationInfo[3].SizeAfterBytes);
        }, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var tasks = Enumerable.Range(0, options.Partitions)
            .Select(p => new ViewTask(view, 1, p, log, processorOptions, NullLogger.Instance, telemetry: metrics?.ForTask(view, 1, p)))
            .ToList();
        var runs = tasks.Select(t => Task.Run(() => t.RunAsync(stop.Token))).ToList();
        await WaitUntilCommittedAsync(log, view, options.Partitions, runs);
        var elapsed = clock.Elapsed;
        var cost = ProcessCost.Since(start);
        var peak = PeakMemory.PeakResidentBytes();
        await stop.CancelAsync();
        await Task.WhenAll(runs);

        var counters = tasks.Aggregate(default(TaskCounters), (sum, t) => sum + t.Counters);
        if (counters.In != options.Events || counters.Applied != options.Events || !counters.Balances)
        {
            Console.Error.WriteLine($"accounting mismatch: {counters}");
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {options.Events / elapsed.TotalSeconds:N0} events/s ({elapsed.TotalSeconds:F2} s, CPU {cost.Cpu.TotalSeconds:F1} s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  peak RSS {Mib(peak)} MiB{(peakReset ? " (while processing)" : " (whole process)")}, RSS at start {Mib(startRss)} MiB, "
            + $"managed heap peak {Mib(heapPeak)} MiB after a GC, {Mib(committedPeak)} MiB committed (gen2 {Mib(gen2Peak)} MiB, large objects {Mib(lohPeak)} MiB)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  allocated {(double)cost.Allocated / options.Events:F1} B/event, GCs gen0 {cost.Gen0}, gen2 {cost.Gen2}, "
            + $"paused {cost.Paused.TotalSeconds:F2} s"));
        Console.WriteLine($"  counters {counters}");
        return 0;
    }

    /// <summary>Appends the events, keyed by customer (so murmur2 places each customer on one partition), in batches.</summary>
    private static async Task<EmbeddedLog> LoadLogAsync(CompiledView view, ProcessorRunOptions options, string directory)
    {
        var log = EmbeddedLog.Open(new EmbeddedLogOptions { DataDirectory = directory });
        await log.Admin.CreateTopicAsync(new TopicSpec(view.Source, options.Partitions));
        await log.Admin.CreateTopicAsync(new TopicSpec(view.ChangelogTopic(1), options.Partitions, new TopicConfig(Compacted: true)));
        await AppendEventsAsync(log, view.Source, options);
        return log;
    }

    /// <summary>Appends the run's events to <paramref name="topic"/>, which exists, in batches of 10,000.</summary>
    public static async Task AppendEventsAsync(ILog log, string topic, ProcessorRunOptions options)
    {
        var clock = Stopwatch.StartNew();
        var generator = new EventGenerator(options.Keys, options.Events, (long)options.Span.TotalMilliseconds);
        using var producer = log.CreateProducer();
        const int BatchSize = 10_000;
        var buffer = new byte[BatchSize * EventGenerator.MaxEventLength];
        var batch = new ProducerRecord[BatchSize];
        for (long done = 0; done < options.Events;)
        {
            var count = (int)Math.Min(BatchSize, options.Events - done);
            var at = 0;
            for (var i = 0; i < count; i++)
            {
                var length = generator.Next(buffer.AsSpan(at), out var keyLength, out var timestamp);
                var value = buffer.AsMemory(at, length);
                batch[i] = new ProducerRecord(value.Slice(EventGenerator.KeyStart, keyLength), value, timestamp);
                at += length;
            }

            await producer.AppendAsync(topic, batch.AsMemory(0, count));
            done += count;
        }

        Console.WriteLine($"  loaded the log in {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>The same events as <see cref="LoadLogAsync"/> puts in the log, on the same partitions, in memory.</summary>
    private static GeneratedLog Generate(CompiledView view, ProcessorRunOptions options)
    {
        var partitions = Enumerable.Range(0, options.Partitions).Select(_ => new GeneratedPartition()).ToArray();
        var generator = new EventGenerator(options.Keys, options.Events, (long)options.Span.TotalMilliseconds);
        Span<byte> buffer = stackalloc byte[EventGenerator.MaxEventLength];
        for (long i = 0; i < options.Events; i++)
        {
            var length = generator.Next(buffer, out var keyLength, out var timestamp);
            var key = buffer.Slice(EventGenerator.KeyStart, keyLength);
            partitions[Kappa.Log.Partitioning.KafkaPartitioner.Partition(key, options.Partitions)].Add(buffer[..length], keyLength, timestamp);
        }

        return new GeneratedLog(view.Source, partitions);
    }

    private static async Task WaitUntilCommittedAsync(ILog log, CompiledView view, int partitions, List<Task> runs)
    {
        using var probe = log.CreateConsumer(ViewTask.GroupId(view.Name, 1));
        for (var p = 0; p < partitions; p++)
        {
            var partition = new TopicPartition(view.Source, p);
            var end = probe.GetWatermarks(partition).High;
            while ((await probe.CommittedAsync(partition) ?? 0) < end)
            {
                if (runs.FirstOrDefault(r => r.IsFaulted) is { } failed)
                {
                    await failed;
                }

                await Task.Delay(5);
            }
        }
    }

    private static string Mib(long bytes) => bytes < 0 ? "n/a" : (bytes / (1024.0 * 1024)).ToString("N0", CultureInfo.InvariantCulture);
}
