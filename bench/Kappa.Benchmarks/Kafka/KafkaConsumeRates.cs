using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Kappa.Benchmarks.Processor;
using Kappa.Contracts.Definitions;
using Kappa.Log.Kafka;
using Kappa.Processor.Pipeline;
using Kappa.TestKit.Kafka;

namespace Kappa.Benchmarks.Kafka;

/// <summary>
/// The <c>--kafka</c> mode, in one process and one run: the processor's events are loaded into librdkafka's mock
/// cluster (in-process, over loopback TCP), then read three times from the beginning: by a raw Confluent.Kafka
/// consumer (the ceiling: one <c>Consume</c> per message, byte[] key and value), by the adapter's
/// <see cref="Kappa.Log.Abstractions.ILogConsumer.PollAsync"/>, and by the processor's view tasks doing the hourly
/// count (<see cref="ProcessorThroughput.MeasureAsync"/>). Arguments are the processor's (<c>--events</c>,
/// <c>--keys</c>, <c>--partitions</c>, ...). The mock keeps about 5 MB per partition (some 70,000 of these events)
/// and drops older records, so the run refuses sizes it would not retain whole.
/// </summary>
internal static class KafkaConsumeRates
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var options = ProcessorRunOptions.Parse([.. args.Where(a => a != "--kafka")]);
        var view = ViewCompiler.Compile(ViewDefinitionLoader.Parse(ProcessorThroughput.ViewYaml, "bench.yaml"))[0];
        var directory = Path.Combine(Path.GetTempPath(), "kappa-bench", Guid.NewGuid().ToString("N"));
        using var cluster = new MockKafkaCluster();
        cluster.CreateTopic(view.Source, options.Partitions);
        cluster.CreateTopic(view.ChangelogTopic(1), options.Partitions);
        cluster.CreateTopic(view.DeadLetterTopic, options.Partitions);
        cluster.CreateTopic(view.LateTopic, options.Partitions);
        cluster.CreateTopic(Kappa.Processor.Hosting.ProgressTopic.Name, 1);
        Console.WriteLine($"kafka (mock cluster): {options.Events:N0} events, {options.Keys:N0} keys, {options.Partitions} partitions, polls of {options.MaxPollRecords:N0}");
        try
        {
            await using var log = KafkaLog.Connect(new KafkaOptions
            {
                BootstrapServers = cluster.BootstrapServers,
                DescribeTopicConfigs = false,
                UseGroupAdminApi = false,
            });
            await ProcessorThroughput.AppendEventsAsync(log, view.Source, options);
            using (var probe = log.CreateConsumer("bench-probe"))
            {
                var retained = Enumerable.Range(0, options.Partitions).Sum(p => probe.GetWatermarks(new Kappa.Log.Abstractions.TopicPartition(view.Source, p)) is var w ? w.High - w.Low : 0);
                if (retained != options.Events)
                {
                    // The mock keeps about 5 MB per partition and drops older records.
                    Console.Error.WriteLine($"the mock cluster retained {retained:N0} of {options.Events:N0} events: use fewer events or more partitions");
                    return 1;
                }
            }

            var raw = RawConsume(cluster.BootstrapServers, view.Source, options);
            Report("raw Confluent.Kafka consume", options.Events, raw);
            var adapter = await AdapterConsumeAsync(log, view.Source, options);
            Report("adapter PollAsync", options.Events, adapter);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  adapter / raw: {raw.TotalSeconds / adapter.TotalSeconds:F2}"));

            Console.WriteLine("  processor (hourly count, one view task per partition):");
            return await ProcessorThroughput.MeasureAsync(view, options, log, directory);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static TimeSpan RawConsume(string bootstrapServers, string topic, ProcessorRunOptions options)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "bench-raw",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
        }).Build();
        consumer.Assign(Enumerable.Range(0, options.Partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var clock = Stopwatch.StartNew();
        long bytes = 0;
        for (long read = 0; read < options.Events;)
        {
            if (consumer.Consume(TimeSpan.FromSeconds(10)) is not { } result)
            {
                throw new InvalidOperationException($"raw consume stalled after {read} records");
            }

            bytes += result.Message.Value.Length;
            read++;
        }

        GC.KeepAlive(bytes);
        return clock.Elapsed;
    }

    private static async Task<TimeSpan> AdapterConsumeAsync(KafkaLog log, string topic, ProcessorRunOptions options)
    {
        using var consumer = log.CreateConsumer("bench-adapter");
        consumer.Assign([.. Enumerable.Range(0, options.Partitions).Select(p => new Kappa.Log.Abstractions.TopicPartitionOffset(topic, p, Kappa.Log.Abstractions.LogOffset.Beginning))]);
        var clock = Stopwatch.StartNew();
        long bytes = 0;
        for (long read = 0; read < options.Events;)
        {
            var batch = await consumer.PollAsync(options.MaxPollRecords, TimeSpan.FromSeconds(10));
            if (batch.IsEmpty)
            {
                throw new InvalidOperationException($"adapter consume stalled after {read} records");
            }

            foreach (ref readonly var record in batch.Records)
            {
                bytes += record.Value!.Value.Length;
            }

            read += batch.Count;
        }

        GC.KeepAlive(bytes);
        return clock.Elapsed;
    }

    private static void Report(string what, long events, TimeSpan elapsed) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what}: {events / elapsed.TotalSeconds:N0} records/s ({elapsed.TotalSeconds:F2} s)"));
}
