using Kappa.Contracts.Lifecycle;
using Kappa.Replay.Commands;
using Kappa.Replay.Diff;
using Kappa.Replay.Planning;
using Kappa.Views;
using Kappa.Views.Http;
using Kappa.Views.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Kappa.Replay.Http;

/// <summary>
/// The lifecycle API: replay (create a version), activate, roll back and drop, which need the admin token, and the
/// diff of two versions, which does not. Each admin command has taken effect on this server when it answers.
/// </summary>
internal static class ReplayEndpoints
{
    /// <summary>Keys listed per category in a diff when the caller names no limit.</summary>
    public const int DefaultSampleLimit = 20;

    /// <summary>The most keys a diff lists per category.</summary>
    public const int MaxSampleLimit = 1_000;

    public static IEndpointRouteBuilder MapReplayEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/views/{view}").WithTags("Versions");
        group.MapPost("/versions", CreateAsync)
            .RequireAdminToken()
            .WithName("Replay")
            .WithSummary("Builds a new version by replaying the source (admin). Repeating a request that is still building returns its version.");
        group.MapPost("/versions/{version:int}/activate", ActivateAsync)
            .RequireAdminToken()
            .WithName("Activate")
            .WithSummary("Makes a ready or retired version the active one (admin).");
        group.MapPost("/rollback", RollbackAsync)
            .RequireAdminToken()
            .WithName("Rollback")
            .WithSummary("Activates the previously active version again (admin).");
        group.MapDelete("/versions/{version:int}", DropAsync)
            .RequireAdminToken()
            .WithName("Drop")
            .WithSummary("Deletes a version that is not active (admin).");
        group.MapGet("/diff", Diff)
            .WithName("Diff")
            .WithSummary($"Compares two versions key by key; limit ({DefaultSampleLimit} by default, at most {MaxSampleLimit}) caps the keys listed per category.");
        return routes;
    }

    private static async Task<Results<Created<VersionDetail>, Ok<VersionDetail>, ProblemHttpResult>> CreateAsync(
        string view,
        ReplayRequest? request,
        ReplayPlanner planner,
        ViewCatalog catalog,
        CancellationToken cancellationToken)
    {
        try
        {
            var (version, created) = await planner.CreateAsync(view, request ?? new ReplayRequest(), cancellationToken);
            var detail = catalog.Detail(view, version.Version)!;
            return created
                ? TypedResults.Created($"/views/{view}/versions/{version.Version}", detail)
                : TypedResults.Ok(detail);
        }
        catch (LifecycleCommandException e)
        {
            return Problem(e);
        }
        catch (TimeoutException e)
        {
            return Unavailable(e);
        }
    }

    private static async Task<Results<Ok<VersionDetail>, ProblemHttpResult>> ActivateAsync(
        string view,
        int version,
        VersionCommands commands,
        ViewCatalog catalog,
        CancellationToken cancellationToken) =>
        await RunAsync(() => commands.ActivateAsync(view, version, "manual", cancellationToken), catalog);

    private static async Task<Results<Ok<VersionDetail>, ProblemHttpResult>> RollbackAsync(
        string view,
        VersionCommands commands,
        ViewCatalog catalog,
        CancellationToken cancellationToken) =>
        await RunAsync(() => commands.RollbackAsync(view, cancellationToken), catalog);

    private static async Task<Results<Ok<VersionDetail>, ProblemHttpResult>> DropAsync(
        string view,
        int version,
        VersionCommands commands,
        ViewCatalog catalog,
        CancellationToken cancellationToken) =>
        await RunAsync(() => commands.DropAsync(view, version, "manual", cancellationToken), catalog);

    private static Results<Ok<ViewDiff>, ProblemHttpResult> Diff(string view, int a, int b, int? limit, ViewCatalog catalog, ViewStore store)
    {
        if (!catalog.TryGet(view, out _))
        {
            return Problem(LifecycleCommandException.UnknownView(view));
        }

        if (limit is < 0 or > MaxSampleLimit)
        {
            return Problem(LifecycleCommandException.BadRequest("Bad limit", $"limit must be between 0 and {MaxSampleLimit}"));
        }

        foreach (var version in new[] { a, b })
        {
            if (!catalog.IsReadable(view, version))
            {
                return Problem(LifecycleCommandException.UnknownVersion(view, version));
            }
        }

        return TypedResults.Ok(ViewDiffer.Compare(store, view, a, b, limit ?? DefaultSampleLimit));
    }

    private static async Task<Results<Ok<VersionDetail>, ProblemHttpResult>> RunAsync(Func<Task<Processor.Lifecycle.VersionInfo>> command, ViewCatalog catalog)
    {
        try
        {
            var version = await command();
            return TypedResults.Ok(catalog.Detail(version.View, version.Version)!);
        }
        catch (LifecycleCommandException e)
        {
            return Problem(e);
        }
        catch (TimeoutException e)
        {
            return Unavailable(e);
        }
    }

    /// <summary>The control event was written but this server did not read it back in time: the outcome is unknown here.</summary>
    private static ProblemHttpResult Unavailable(TimeoutException e) => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Lifecycle not confirmed",
        detail: $"{e.Message}; GET /views shows whether the command took effect");

    private static ProblemHttpResult Problem(LifecycleCommandException e) =>
        TypedResults.Problem(statusCode: e.Status, title: e.Title, detail: e.Message);
}
