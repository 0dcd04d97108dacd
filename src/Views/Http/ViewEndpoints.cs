using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Kappa.Contracts;
using Kappa.Contracts.Queries;
using Kappa.Contracts.Views;
using Kappa.Views.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Kappa.Views.Http;

/// <summary>
/// The query API over materialized views. Every answer names the version it was read from, in the body
/// and in the <c>Kappa-View-Version</c> header, and reads that one version from start to end.
/// </summary>
internal static class ViewEndpoints
{
    public const string VersionHeader = "Kappa-View-Version";

    public static IEndpointRouteBuilder MapViewEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/views").WithTags("Views");
        group.MapGet("/", (ViewCatalog catalog) => TypedResults.Ok(catalog.Describe()))
            .WithName("ListViews")
            .WithSummary("Lists the views with their versions and row counts.");
        group.MapGet("/{view}/keys/{key}", GetKey)
            .WithName("GetKey")
            .WithSummary("Returns every window of one key, oldest first.");
        group.MapGet("/{view}/rows", GetRows)
            .WithName("GetRows")
            .WithSummary($"Pages through rows in key order; limit defaults to {DefaultLimit} and is capped at {MaxLimit}.");
        return routes;
    }

    /// <summary>Rows per page when the caller names no limit.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page a caller may ask for.</summary>
    public const int MaxLimit = 1_000;

    private static Results<Ok<RowsPage>, ProblemHttpResult> GetRows(
        string view,
        string? prefix,
        int? limit,
        string? cursor,
        HttpContext context,
        ViewCatalog catalog,
        ViewStore store)
    {
        if (!catalog.TryGet(view, out _))
        {
            return UnknownView(view);
        }

        if (limit is < 1 or > MaxLimit)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Bad limit",
                detail: $"limit must be between 1 and {MaxLimit}");
        }

        byte[]? after = null;
        if (cursor is not null)
        {
            try
            {
                after = Base64Url.DecodeFromChars(cursor);
            }
            catch (FormatException)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "Bad cursor",
                    detail: "cursor is not one this API returned; start again without it");
            }
        }

        var version = catalog.ActiveVersion(view);
        var pageSize = limit ?? DefaultLimit;
        var page = store.Scan(view, version, Encoding.UTF8.GetBytes(prefix ?? string.Empty), after, pageSize);
        context.Response.Headers[VersionHeader] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var rows = page.Select(row => JsonSerializer.Deserialize<ViewRow>(row.Json, KappaJson.Options)!).ToList();
        var next = page.Count == pageSize ? Base64Url.EncodeToString(page[^1].RowKey) : null;
        return TypedResults.Ok(new RowsPage(view, version, rows, next));
    }

    private static ProblemHttpResult UnknownView(string view) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Unknown view",
        detail: $"view '{view}' does not exist; GET /views lists the views");

    private static Results<Ok<KeyQueryResponse>, ProblemHttpResult> GetKey(
        string view,
        string key,
        HttpContext context,
        ViewCatalog catalog,
        ViewStore store)
    {
        if (!catalog.TryGet(view, out _))
        {
            return UnknownView(view);
        }

        var version = catalog.ActiveVersion(view);
        var stored = store.ReadKey(view, version, Encoding.UTF8.GetBytes(key));
        context.Response.Headers[VersionHeader] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (stored.Count == 0)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Unknown key",
                detail: $"view '{view}' version {version} has no rows for key '{key}'");
        }

        var rows = stored.Select(json => JsonSerializer.Deserialize<ViewRow>(json, KappaJson.Options)!).ToList();
        return TypedResults.Ok(new KeyQueryResponse(view, version, key, rows));
    }
}
