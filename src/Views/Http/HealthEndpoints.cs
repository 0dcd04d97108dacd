using System.Text.Json;
using Kappa.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kappa.Views.Http;

/// <summary>
/// <c>GET /health/live</c> (the process answers) and <c>GET /health/ready</c> (state restored and lag under the
/// threshold), on ASP.NET Core's health checks: 200 when healthy, 503 otherwise, with a JSON body naming each check.
/// </summary>
internal static class HealthEndpoints
{
    /// <summary>The tag of the checks that decide readiness.</summary>
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .WithTags("Health")
            .WithSummary("200 while the process serves requests.");
        routes.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync })
            .WithTags("Health")
            .WithSummary("200 when state is restored and every consumer group's lag is under the threshold; 503 otherwise.");
        return routes;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new HealthResponse(
            report.Status.ToString(),
            [.. report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new HealthCheckEntry(e.Key, e.Value.Status.ToString(), e.Value.Description))]);
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, KappaJson.Options));
    }

    private sealed record HealthResponse(string Status, IReadOnlyList<HealthCheckEntry> Checks);

    private sealed record HealthCheckEntry(string Name, string Status, string? Description);
}
