using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using Kappa.Log.Abstractions;
using Kappa.Log.Telemetry;
using Kappa.Processor.Telemetry;
using Kappa.Processor.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kappa.Processor.Tests.Telemetry;

/// <summary>
/// A task's telemetry over a real embedded log and RocksDB: processing latency per polled batch, the newest source
/// timestamp on each commit's last changelog record, and the <c>process</c> span linked to the records' trace contexts.
/// An <see cref="ActivityListener"/> hears every source named Kappa in the process, so these tests run alone.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ProcessWideListeners.Name)]
public sealed class TaskTelemetryTests : IDisposable
{
    private const string Yaml = """
        view: hourly
        source: clicks
        time: { max-disorder: 1h, grace: 1h }
        window: { tumbling: 1h }
        aggregates: { clicks: count() }
        """;

    private static readonly long Base = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private IMeterFactory Meters => _services.GetRequiredService<IMeterFactory>();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Every_polled_batch_records_its_latency_and_each_commit_tells_the_changelog_its_newest_source_time()
    {
        await using var harness = await PipelineHarness.StartAsync(Yaml, partitions: 1);
        await AppendAsync(harness, Enumerable.Range(0, 10).Select(i => (Key: $"k{i % 3}", Timestamp: Base + (i * 1_000), Headers: (IReadOnlyList<RecordHeader>?)null)));
        var latencies = new ConcurrentQueue<(double Seconds, Dictionary<string, object?> Tags)>();
        using var listener = Listen("kappa.processing.latency", latencies);

        await harness.RunUntilCaughtUpAsync(maxPollRecords: 3, metrics: new ProcessorMetrics(Meters));

        // Ten records, at most three a poll: at least four polls, each measured once.
        Assert.InRange(latencies.Count, 4, 10);
        Assert.All(latencies, l =>
        {
            Assert.True(l.Seconds >= 0);
            Assert.Equal("hourly", l.Tags["view"]);
            Assert.Equal(1, l.Tags["version"]);
        });
        var changelog = await harness.ReadTopicAsync(harness.View.ChangelogTopic(1));
        var stamped = changelog.Where(r => r.Headers.Count > 0).ToList();
        Assert.NotEmpty(stamped);
        Assert.InRange(stamped.Count, 1, latencies.Count);
        Assert.True(changelog[^1].Headers.Count > 0, "the last changelog record closes a commit and carries its headers");
        Assert.Equal(Base + 9_000, SourceTime(changelog[^1].Headers));
        Assert.All(stamped, r =>
        {
            Assert.InRange(SourceTime(r.Headers), Base, Base + 9_000);
            Assert.DoesNotContain(r.Headers, h => h.Name == TraceParent.HeaderName);
        });
    }

    [Fact]
    public async Task A_commit_of_traced_records_is_a_process_span_linked_to_their_contexts_whose_own_context_goes_on_to_the_changelog()
    {
        await using var harness = await PipelineHarness.StartAsync(Yaml, partitions: 1);
        var first = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var second = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        IReadOnlyList<RecordHeader> fromFirst = [TraceParent.Header(first)];
        IReadOnlyList<RecordHeader> fromSecond = [TraceParent.Header(second)];
        await AppendAsync(harness, [
            ("a", Base, fromFirst),
            ("b", Base + 1, fromFirst),
            ("c", Base + 2, null),
            ("a", Base + 3, fromSecond),
            ("d", Base + 4, fromFirst),
            ("e", Base + 5, null),
        ]);
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == KappaTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        await harness.RunUntilCaughtUpAsync(metrics: new ProcessorMetrics(Meters));

        var process = Assert.Single(spans, s => s.OperationName == "process" && Equals(s.GetTagItem("kappa.view"), "hourly"));
        Assert.Equal([(first.TraceId, first.SpanId), (second.TraceId, second.SpanId)], process.Links.Select(l => (l.Context.TraceId, l.Context.SpanId)));
        Assert.Equal(first.TraceId, process.TraceId);
        Assert.Equal(first.SpanId, process.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal(6L, process.GetTagItem("messaging.batch.message_count"));
        Assert.Equal(4L, process.GetTagItem("kappa.traced_records"));
        Assert.Equal("clicks", process.GetTagItem("messaging.destination.name"));

        var changelog = await harness.ReadTopicAsync(harness.View.ChangelogTopic(1));
        var carried = Assert.Single(changelog, r => r.Headers.Any(h => h.Name == TraceParent.HeaderName));
        Assert.True(TraceParent.TryParse(carried.Headers.Single(h => h.Name == TraceParent.HeaderName).Value.Span, out var passedOn));
        Assert.Equal((process.TraceId, process.SpanId), (passedOn.TraceId, passedOn.SpanId));
    }

    private static long SourceTime(IReadOnlyList<RecordHeader> headers) =>
        System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(headers.Single(h => h.Name == ChangelogHeaders.SourceTime).Value.Span);

    private static async Task AppendAsync(PipelineHarness harness, IEnumerable<(string Key, long Timestamp, IReadOnlyList<RecordHeader>? Headers)> records)
    {
        using var producer = harness.Log.CreateProducer();
        await producer.AppendAsync(harness.View.Source, records
            .Select(r => new ProducerRecord(Encoding.UTF8.GetBytes(r.Key), Encoding.UTF8.GetBytes("{}"), r.Timestamp, 0, r.Headers))
            .ToArray());
    }

    private MeterListener Listen(string instrument, ConcurrentQueue<(double, Dictionary<string, object?>)> into)
    {
        var meters = Meters;
        var listener = new MeterListener
        {
            InstrumentPublished = (i, l) =>
            {
                if (i.Name == instrument && ReferenceEquals(i.Meter.Scope, meters))
                {
                    l.EnableMeasurementEvents(i);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            into.Enqueue((value, copy));
        });
        listener.Start();
        return listener;
    }
}

/// <summary>Tests that listen to process-wide sources run with nothing beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideListeners
{
    public const string Name = "process-wide listeners";
}
