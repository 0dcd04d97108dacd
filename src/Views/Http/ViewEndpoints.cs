using System.Globalization;
using System.Text;
using System.Text.Json;
using Kappa.Contracts;
using Kappa.Contracts.Lifecycle;
using Kappa.Contracts.Queries;
using Kappa.Contracts.Views;
using Kappa.Views.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Kappa.Views.Http;

/// <summary>
/// The query API over materialized views. Every answer names the version it was read from, in the body and in the
/// <c>Kappa-View-Version</c> header, and reads that one version from start to end: the version is chosen once per
/// request (the active one, <c>?version=N</c>, or the one a cursor began on), never re-read midway.
/// </summary>
internal static class ViewEndpoints
{
    public const string VersionHeader = "Kappa-View-Version";

    /// <summary>Rows per page when the caller names no limit.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page a caller may ask for.</summary>
    public const int MaxLimit = 1_000;

    public static IEndpointRouteBuilder MapViewEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/views").WithTags("Views");
        group.MapGet("/", (ViewCatalog catalog) => TypedResults.Ok(catalog.Describe()))
            .WithName("ListViews")
            .WithSummary("Lists the views with their versions, states, row counts, counters and freshness.");
        group.MapGet("/{view}/keys/{key}", GetKey)
            .RunsOnIoThread()
            .WithQueryLatency("key")
            .WithName("GetKey")
            .WithSummary("Returns the windows of one key, oldest first; from/to keep windows overlapping that time range.");
        group.MapGet("/{view}/rows", GetRows)
            .WithQueryLatency("rows")
            .WithName("GetRows")
            .WithSummary($"Pages through rows in key order; limit defaults to {DefaultLimit} and is capped at {MaxLimit}. A cursor keeps the version its scan began on.");
        group.MapGet("/{view}/versions/{version:int}", GetVersion)
            .WithName("GetVersion")
            .WithSummary("Returns one version: state, rows, progress and gate report.");
        return routes;
    }

    private static Results<Ok<VersionDetail>, ProblemHttpResult> GetVersion(string view, int version, ViewCatalog catalog)
    {
        if (!catalog.TryGet(view, out _))
        {
            return UnknownView(view);
        }

        return catalog.Detail(view, version) is { } detail ? TypedResults.Ok(detail) : UnknownVersion(view, version);
    }

    private static Results<Ok<RowsPage>, ProblemHttpResult> GetRows(
        string view,
        string? prefix,
        DateTimeOffset? from,
        DateTimeOffset? to,
        int? limit,
        string? cursor,
        int? version,
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
            return Problem(StatusCodes.Status400BadRequest, "Bad limit", $"limit must be between 1 and {MaxLimit}");
        }

        if (RangeError(from, to) is { } rangeError)
        {
            return rangeError;
        }

        byte[]? after = null;
        int? cursorVersion = null;
        if (cursor is not null)
        {
            if (!RowCursor.TryDecode(cursor, out var v, out var key))
            {
                return Problem(StatusCodes.Status400BadRequest, "Bad cursor", "cursor is not one this API returned; start again without it");
            }

            (cursorVersion, after) = (v, key);
        }

        if (version is { } asked && cursorVersion is { } began && asked != began)
        {
            return Problem(StatusCodes.Status400BadRequest, "Cursor of another version", $"the cursor belongs to a scan of version {began}, not {asked}");
        }

        if (cursorVersion is { } scanned && !catalog.IsReadable(view, scanned))
        {
            return Problem(
                StatusCodes.Status409Conflict,
                "Version gone",
                $"this scan began on version {scanned} of view '{view}', which has since been dropped; start again without a cursor to read the active version");
        }

        if (Choose(view, version ?? cursorVersion, catalog) is not { } read)
        {
            return version is { } missing ? UnknownVersion(view, missing) : NoActiveVersion(view);
        }

        var pageSize = limit ?? DefaultLimit;
        var keyPrefix = Encoding.UTF8.GetBytes(prefix ?? string.Empty);
        var rows = new List<ViewRow>(pageSize);
        byte[]? last = null;
        var exhausted = false;
        while (rows.Count < pageSize && !exhausted)
        {
            // With a time range, rows outside it are skipped; keep scanning until the page is full or the rows end.
            var chunk = store.Scan(view, read, keyPrefix, after, pageSize - rows.Count);
            exhausted = chunk.Count < pageSize - rows.Count;
            foreach (var (rowKey, json) in chunk)
            {
                last = after = rowKey;
                var row = JsonSerializer.Deserialize<ViewRow>(json, KappaJson.Options)!;
                if (Overlaps(row, from, to))
                {
                    rows.Add(row);
                }
            }
        }

        if (!catalog.IsReadable(view, read))
        {
            return VersionGone(view, read);
        }

        SetVersionHeader(context, read);
        var next = !exhausted && last is not null ? RowCursor.Encode(read, last) : null;
        return TypedResults.Ok(new RowsPage(view, read, rows, next));
    }

    private static async ValueTask<Results<StoredRowsResult, ProblemHttpResult>> GetKey(
        string view,
        string key,
        DateTimeOffset? from,
        DateTimeOffset? to,
        int? version,
        HttpContext context,
        ViewCatalog catalog,
        ViewStore store)
    {
        if (!catalog.TryGet(view, out _))
        {
            return UnknownView(view);
        }

        if (RangeError(from, to) is { } rangeError)
        {
            return rangeError;
        }

        if (Choose(view, version, catalog) is not { } read)
        {
            return version is { } missing ? UnknownVersion(view, missing) : NoActiveVersion(view);
        }

        // Point queries run on socket I/O threads (RunsOnIoThread), where waiting for the store would hold up every
        // connection the thread serves: when a version is being dropped the query moves to the pool to read.
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var stored = store.TryReadKey(view, read, keyBytes);
        if (stored is null)
        {
            await PoolThread.Enter();
            stored = store.ReadKey(view, read, keyBytes);
        }

        if (!catalog.IsReadable(view, read))
        {
            return VersionGone(view, read);
        }

        SetVersionHeader(context, read);
        var rows = from is null && to is null ? stored : [.. stored.Where(json => StoredRowsResult.Overlaps(json, from, to))];
        if (rows.Count == 0)
        {
            return Problem(
                StatusCodes.Status404NotFound,
                "Unknown key",
                $"view '{view}' version {read} has no rows for key '{key}'{(from is null && to is null ? string.Empty : " in that time range")}");
        }

        return new StoredRowsResult(view, read, key, rows);
    }

    /// <summary>The version to read: the one asked for when it is readable, else the active one.</summary>
    private static int? Choose(string view, int? asked, ViewCatalog catalog) =>
        asked is { } version ? (catalog.IsReadable(view, version) ? version : null) : catalog.ActiveVersion(view);

    private static bool Overlaps(ViewRow row, DateTimeOffset? from, DateTimeOffset? to) =>
        (from is null || row.WindowEnd > from) && (to is null || row.WindowStart < to);

    private static ProblemHttpResult? RangeError(DateTimeOffset? from, DateTimeOffset? to) =>
        from is { } f && to is { } t && f >= t
            ? Problem(StatusCodes.Status400BadRequest, "Bad time range", $"from ({f:O}) must be before to ({t:O})")
            : null;

    private static void SetVersionHeader(HttpContext context, int version) =>
        context.Response.Headers[VersionHeader] = version.ToString(CultureInfo.InvariantCulture);

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    private static ProblemHttpResult UnknownView(string view) =>
        Problem(StatusCodes.Status404NotFound, "Unknown view", $"view '{view}' does not exist; GET /views lists the views");

    private static ProblemHttpResult UnknownVersion(string view, int version) =>
        Problem(StatusCodes.Status404NotFound, "Unknown version", $"view '{view}' has no readable version {version}; GET /views lists its versions");

    /// <summary>
    /// The version was dropped while the query read it (the lifecycle marks a version dropped before its rows are
    /// deleted, so checking after the read catches it): the answer may be incomplete and is not given.
    /// </summary>
    private static ProblemHttpResult VersionGone(string view, int version) =>
        Problem(StatusCodes.Status409Conflict, "Version gone", $"version {version} of view '{view}' was dropped while this query read it; ask again");

    private static ProblemHttpResult NoActiveVersion(string view) =>
        Problem(StatusCodes.Status404NotFound, "No active version", $"view '{view}' has no active version yet");
}
