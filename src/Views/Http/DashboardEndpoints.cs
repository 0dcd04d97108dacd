using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kappa.Views.Http;

/// <summary>
/// <c>GET /</c>: the dashboard, one self-contained HTML page embedded in the assembly (no build step). It polls
/// <c>/views</c> and <c>/lag</c> and draws everything in the browser.
/// </summary>
internal static class DashboardEndpoints
{
    private const string Resource = "Kappa.Views.Dashboard.dashboard.html";

    private static readonly Lazy<byte[]> Page = new(() =>
    {
        using var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"the dashboard resource {Resource} is missing from the assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static IEndpointRouteBuilder MapDashboardEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", () => Results.Bytes(Page.Value, "text/html; charset=utf-8"))
            .ExcludeFromDescription();
        return routes;
    }
}
