using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kappa.Contracts;
using Kappa.Contracts.Topics;
using Kappa.Log.Abstractions;
using Kappa.TestKit;
using Kappa.Views.Tests.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Kappa.Views.Tests.Telemetry;

/// <summary>
/// With an OTLP endpoint configured, the metrics and the spans reach it: a real HTTP receiver on loopback stands in for
/// the collector. The OpenTelemetry SDK listens to every meter and source named <c>Kappa</c> in the process, and a server
/// is one process; so this test runs alone, never beside other test servers whose same-named instruments the SDK would
/// take for duplicates.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Name)]
public sealed class OtlpExportTests
{
    public const string Name = "process-wide meters";

    [Fact]
    public async Task Metrics_and_spans_are_posted_to_the_configured_otlp_endpoint()
    {
        var bodies = new List<byte[]>();
        var traces = new List<byte[]>();
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var receiver = builder.Build();
        receiver.MapPost("/v1/metrics", (HttpRequest request) => ReceiveAsync(request, bodies));
        receiver.MapPost("/v1/traces", (HttpRequest request) => ReceiveAsync(request, traces));
        await receiver.StartAsync();

        await using var api = await ApiFixture.StartAsync(new Dictionary<string, string?>
        {
            ["Telemetry:OtlpEndpoint"] = $"http://127.0.0.1:{port}",
            ["Telemetry:ExportInterval"] = "00:00:00.200",
        });
        var log = api.App.Services.GetRequiredService<ILog>();
        await log.Admin.CreateTopicAsync(new TopicSpec("clicks", 1));
        using (var producer = log.CreateProducer())
        {
            await producer.AppendAsync("clicks", new[] { new ProducerRecord(null, Encoding.UTF8.GetBytes("{}"), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 0) });
        }

        using (var consumer = log.CreateConsumer("exported"))
        {
            await consumer.CommitAsync([new TopicPartitionOffset("clicks", 0, 0)]);
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !Received(bodies, "kafka.consumer_group.lag", "exported"))
        {
            await Task.Delay(100);
        }

        Assert.True(Received(bodies, "kafka.consumer_group.lag", "exported"), $"{bodies.Count} OTLP posts, none with the group's lag");

        var request = new ProduceRequest([new ProduceRecord(null, JsonSerializer.SerializeToElement(new { n = 1 }), null, 0)]);
        using (var produced = await api.Client.PostAsJsonAsync("/topics/clicks/records", request, KappaJson.Options))
        {
            produced.EnsureSuccessStatusCode();
        }

        while (DateTime.UtcNow < deadline && !Received(traces, "produce", "messaging.destination.name", "clicks"))
        {
            await Task.Delay(100);
        }

        Assert.True(Received(traces, "produce", "messaging.destination.name", "clicks"), $"{traces.Count} OTLP trace posts, none with the produce span");
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, List<byte[]> into)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        lock (into)
        {
            into.Add(body.ToArray());
        }

        return Results.Ok();
    }

    // OTLP/HTTP bodies are protobuf, in which names and attribute values are plain UTF-8.
    private static bool Received(List<byte[]> bodies, params string[] texts)
    {
        lock (bodies)
        {
            return bodies.Any(body => texts.All(text => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0));
        }
    }
}

/// <summary>Tests that observe process-wide meters or activity sources run with nothing beside them.</summary>
[CollectionDefinition(OtlpExportTests.Name, DisableParallelization = true)]
public sealed class ProcessWideMeters
{
}
