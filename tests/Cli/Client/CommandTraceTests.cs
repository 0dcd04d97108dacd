using System.Diagnostics;
using Kappa.Contracts;
using Kappa.Contracts.Topics;
using Kappa.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Kappa.Cli.Tests.Client;

/// <summary>
/// <c>kappa produce</c> sends a <c>traceparent</c> with its requests: continuing the trace named by the <c>TRACEPARENT</c>
/// environment variable, or a sampled trace of its own. A plain HTTP server on loopback stands in for Kappa and keeps
/// the header.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CommandTraceTests
{
    [Fact]
    public async Task Produce_continues_the_trace_of_the_environment()
    {
        var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

        var sent = await ProduceAsync(new Dictionary<string, string> { ["TRACEPARENT"] = $"00-{parent.TraceId.ToHexString()}-{parent.SpanId.ToHexString()}-01" });

        Assert.True(ActivityContext.TryParse(sent, null, out var context), $"traceparent '{sent}'");
        Assert.Equal(parent.TraceId, context.TraceId);
        Assert.NotEqual(parent.SpanId, context.SpanId);
        Assert.Equal(ActivityTraceFlags.Recorded, context.TraceFlags);
    }

    [Fact]
    public async Task Produce_without_a_trace_in_the_environment_starts_a_sampled_one()
    {
        var sent = await ProduceAsync(new Dictionary<string, string> { ["TRACEPARENT"] = string.Empty });

        Assert.True(ActivityContext.TryParse(sent, null, out var context), $"traceparent '{sent}'");
        Assert.Equal(ActivityTraceFlags.Recorded, context.TraceFlags);
    }

    private static async Task<string?> ProduceAsync(Dictionary<string, string> environment)
    {
        string? traceparent = null;
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var server = builder.Build();
        server.MapPost("/topics/{topic}/records", (string topic, HttpRequest request) =>
        {
            traceparent = request.Headers.TraceParent;
            return Results.Json(new ProduceResponse(topic, [new RecordPosition(0, 0)]), KappaJson.Options);
        });
        await server.StartAsync();

        var result = await KappaCli.RunAsync(["produce", "clicks", "--url", $"http://127.0.0.1:{port}"], stdin: "{\"n\":1}\n", environment: environment);

        Assert.True(result.ExitCode == 0, result.Stderr);
        return traceparent;
    }
}
