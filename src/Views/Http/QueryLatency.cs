using System.Diagnostics;
using Kappa.Views.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Kappa.Views.Http;

/// <summary>
/// Records <c>kappa.query.latency</c> for a view query endpoint: from the handler's start until the response has been
/// sent, so rendering the rows counts. Only known views get a series: a request for an unknown name is a 404, and
/// its name must not become a label.
/// </summary>
internal static class QueryLatency
{
    public static TBuilder WithQueryLatency<TBuilder>(this TBuilder builder, string query)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            var result = await next(context);
            var http = context.HttpContext;
            if (http.Request.RouteValues["view"] is string view && http.RequestServices.GetRequiredService<ViewCatalog>().TryGet(view, out _))
            {
                var metrics = http.RequestServices.GetRequiredService<ViewLatencyMetrics>();
                http.Response.OnCompleted(() =>
                {
                    metrics.QueryLatency.Record(
                        Stopwatch.GetElapsedTime(started).TotalSeconds,
                        new KeyValuePair<string, object?>("view", view),
                        new KeyValuePair<string, object?>("query", query));
                    return Task.CompletedTask;
                });
            }

            return result;
        });
}
