using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Kappa.Contracts;
using Kappa.Contracts.Topics;
using Kappa.Log.Abstractions;
using Kappa.Log.Telemetry;
using Kappa.Views.Tests.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kappa.Views.Tests.Telemetry;

/// <summary>
/// A record's trace from the produce endpoint through a task's commit to the view update, heard by an in-memory
/// <see cref="ActivityListener"/>; and what records carry when Kappa is not traced. Listeners hear every source of
/// their name in the process, so these tests run alone.
/// </summary>
[Trait("Category", "Integration")]
[Collection(OtlpExportTests.Name)]
public sealed class TraceFlowTests
{
    private const string Topic = "events";

    [Fact]
    public async Task A_produced_record_s_trace_is_linked_from_the_process_span_and_through_it_from_the_view_update()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = Listen(KappaTelemetry.Name, spans);
        await using var api = await ApiFixture.StartAsync(processor: true);

        await ProduceAsync(api, new HttpRequestMessage());

        var produce = Assert.Single(spans, s => s.OperationName == "produce");
        Assert.Equal(ActivityKind.Producer, produce.Kind);
        Assert.Equal(Topic, produce.GetTagItem("messaging.destination.name"));
        var update = await WaitForAsync(spans, s => s.OperationName == "view update" && s.TraceId == produce.TraceId);
        var process = Assert.Single(spans, s => s.OperationName == "process" && s.TraceId == produce.TraceId);

        Assert.Contains((produce.TraceId, produce.SpanId), process.Links.Select(l => (l.Context.TraceId, l.Context.SpanId)));
        Assert.Equal(produce.SpanId, process.ParentSpanId);
        Assert.Equal("events_per_key_hourly", process.GetTagItem("kappa.view"));
        Assert.Contains((process.TraceId, process.SpanId), update.Links.Select(l => (l.Context.TraceId, l.Context.SpanId)));
        Assert.Equal(process.SpanId, update.ParentSpanId);
        Assert.Equal("events_per_key_hourly", update.GetTagItem("kappa.view"));
        Assert.Equal("_kappa.view.events_per_key_hourly.v1", update.GetTagItem("messaging.destination.name"));
    }

    [Fact]
    public async Task Untraced_records_carry_the_caller_s_sampled_context_and_nothing_without_one()
    {
        // ASP.NET Core's request spans are heard, Kappa's are not: the request continues the caller's trace, sampled as
        // the caller decided (OpenTelemetry's default sampler is parent-based).
        var requests = new ConcurrentQueue<Activity>();
        using var listener = Listen("Microsoft.AspNetCore", requests);
        await using var api = await ApiFixture.StartAsync();
        var caller = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var sampled = new HttpRequestMessage();
        sampled.Headers.Add("traceparent", $"00-{caller.TraceId.ToHexString()}-{caller.SpanId.ToHexString()}-01");
        var unsampled = new HttpRequestMessage();
        unsampled.Headers.Add("traceparent", $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{caller.SpanId.ToHexString()}-00");

        await ProduceAsync(api, sampled);
        await ProduceAsync(api, unsampled);

        var records = await ReadAsync(api.App.Services.GetRequiredService<ILog>());
        Assert.Equal(4, records.Count);
        Assert.All(records.Take(2), headers =>
        {
            Assert.True(TraceParent.TryRead(headers, out var context));
            Assert.Equal(caller.TraceId, context.TraceId);
        });
        Assert.All(records.Skip(2), headers => Assert.True(headers.IsEmpty));
    }

    private static ActivityListener Listen(string source, ConcurrentQueue<Activity> into)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Parent == default || options.Parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded)
                    ? ActivitySamplingResult.AllDataAndRecorded
                    : ActivitySamplingResult.PropagationData,
            ActivityStopped = into.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private static async Task ProduceAsync(ApiFixture api, HttpRequestMessage request)
    {
        await api.App.Services.GetRequiredService<ILog>().Admin.EnsureTopicAsync(new TopicSpec(Topic, 1));
        request.Method = HttpMethod.Post;
        request.RequestUri = new Uri($"/topics/{Topic}/records", UriKind.Relative);
        var value = JsonSerializer.SerializeToElement(new { n = 1 });
        request.Content = JsonContent.Create(new ProduceRequest([new ProduceRecord("a", value), new ProduceRecord("b", value)]), options: KappaJson.Options);
        using (request)
        using (var response = await api.Client.SendAsync(request))
        {
            response.EnsureSuccessStatusCode();
        }
    }

    private static async Task<Activity> WaitForAsync(ConcurrentQueue<Activity> spans, Func<Activity, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (spans.FirstOrDefault(match) is { } span)
            {
                return span;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no such span among {string.Join(", ", spans.Select(s => s.OperationName))}");
    }

    private static async Task<List<RecordHeaders>> ReadAsync(ILog log)
    {
        using var consumer = log.CreateConsumer("trace-reader");
        consumer.Assign([new TopicPartitionOffset(Topic, 0, LogOffset.Beginning)]);
        var headers = new List<RecordHeaders>();
        for (var batch = await consumer.PollAsync(100, TimeSpan.FromSeconds(1)); !batch.IsEmpty; batch = await consumer.PollAsync(100, TimeSpan.FromMilliseconds(100)))
        {
            foreach (ref readonly var record in batch.Records)
            {
                headers.Add(new RecordHeaders(record.Headers.Encoded.ToArray()));
            }
        }

        return headers;
    }
}
