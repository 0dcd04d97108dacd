namespace Kappa.Contracts.Queries;

/// <summary>One entry of <c>GET /views</c>.</summary>
/// <param name="Name">The view name.</param>
/// <param name="Source">The topic the view is computed from.</param>
/// <param name="ActiveVersion">The version queries read by default.</param>
/// <param name="Versions">Every known version.</param>
public sealed record ViewSummary(string Name, string Source, int ActiveVersion, IReadOnlyList<ViewVersionSummary> Versions);

/// <summary>One version of a view.</summary>
/// <param name="Version">The version number, from 1.</param>
/// <param name="State">The lifecycle state (building, ready, active, retired, dropped).</param>
/// <param name="Rows">The number of rows materialized.</param>
public sealed record ViewVersionSummary(int Version, string State, long Rows);

/// <summary>The answer to <c>GET /views</c>.</summary>
/// <param name="Views">The views, ordered by name.</param>
public sealed record ViewsResponse(IReadOnlyList<ViewSummary> Views);
