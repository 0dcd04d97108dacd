using Kappa.Contracts.Lifecycle;

namespace Kappa.Contracts.Queries;

/// <summary>One entry of <c>GET /views</c>.</summary>
/// <param name="Name">The view name.</param>
/// <param name="Source">The topic the view is computed from.</param>
/// <param name="ActiveVersion">The version queries read by default.</param>
/// <param name="Versions">Every known version.</param>
/// <param name="Counters">Where the source records went, summed over the tasks; null when no task runs here.</param>
/// <param name="Definition">How the view computes, one line per part.</param>
/// <param name="Freshness">How far the view trails its source; null when no task runs here.</param>
public sealed record ViewSummary(
    string Name,
    string Source,
    int ActiveVersion,
    IReadOnlyList<ViewVersionSummary> Versions,
    RecordCounters? Counters = null,
    IReadOnlyList<string>? Definition = null,
    ViewFreshness? Freshness = null);

/// <summary>How current a view is.</summary>
/// <param name="Watermark">The lowest watermark over the source partitions: windows ending before it (plus grace) are final. Null before any event.</param>
/// <param name="LagRecords">Source records not yet processed (committed), summed over partitions.</param>
public sealed record ViewFreshness(DateTimeOffset? Watermark, long LagRecords);

/// <summary>
/// Where a view's input records went. Invariant: <c>In = Applied + Filtered + DeadLettered + Late</c>.
/// </summary>
/// <param name="In">Records read from the source.</param>
/// <param name="Applied">Records added to at least one row.</param>
/// <param name="Filtered">Records the filter (or a gap in the windows) excluded.</param>
/// <param name="DeadLettered">Records sent to the dead-letter topic.</param>
/// <param name="Late">Records sent to the late-records topic.</param>
public sealed record RecordCounters(long In, long Applied, long Filtered, long DeadLettered, long Late);

/// <summary>One version of a view.</summary>
/// <param name="Version">The version number, from 1.</param>
/// <param name="State">The lifecycle state.</param>
/// <param name="Rows">The number of rows materialized.</param>
/// <param name="Counters">Where this version's input went; null when none of its tasks runs here.</param>
/// <param name="Progress">How far its processing is; null when it does not run.</param>
/// <param name="GatesPassed">Whether its validation gates passed; null before they ran.</param>
public sealed record ViewVersionSummary(
    int Version,
    VersionState State,
    long Rows,
    RecordCounters? Counters = null,
    ReplayProgress? Progress = null,
    bool? GatesPassed = null);

/// <summary>The answer to <c>GET /views</c>.</summary>
/// <param name="Views">The views, ordered by name.</param>
public sealed record ViewsResponse(IReadOnlyList<ViewSummary> Views);
