using Kappa.Log.Lag;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Kappa.Views.Http;

/// <summary><c>GET /lag</c>: the latest sample of every consumer group's lag, the data of <c>kappa lag</c>.</summary>
internal static class LagEndpoints
{
    public static IEndpointRouteBuilder MapLagEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/lag", GetLag)
            .WithTags("Lag")
            .WithName("GetLag")
            .WithSummary("Lag per consumer group and partition: records, seconds and status, with totals; ?group= filters.");
        return routes;
    }

    private static Results<Ok<LagReport>, ProblemHttpResult> GetLag(string? group, LagMonitor monitor)
    {
        var report = monitor.Current;
        if (group is null)
        {
            return TypedResults.Ok(report);
        }

        var groups = report.Groups.Where(g => g.Group == group).ToList();
        return groups.Count > 0
            ? TypedResults.Ok(LagReport.From(report.At, groups))
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Unknown group",
                detail: $"consumer group '{group}' has no committed offsets; GET /lag lists the groups");
    }
}
