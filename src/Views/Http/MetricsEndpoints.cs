using Kappa.Views.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kappa.Views.Http;

/// <summary><c>GET /metrics</c>: the current metrics in the Prometheus text format.</summary>
internal static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/metrics", (PrometheusExporter exporter) => Results.Text(exporter.Scrape(), PrometheusExporter.ContentType))
            .WithTags("Metrics")
            .WithName("GetMetrics")
            .WithSummary("Kappa's metrics (lag, accounting counters, state sizes, request latency) in the Prometheus text format.");
        return routes;
    }
}
