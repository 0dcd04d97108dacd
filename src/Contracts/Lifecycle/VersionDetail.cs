namespace Kappa.Contracts.Lifecycle;

/// <summary>One view version in full: the answer of <c>GET /views/{view}/versions/{version}</c>.</summary>
/// <param name="View">The view.</param>
/// <param name="Version">The version.</param>
/// <param name="State">Its lifecycle state.</param>
/// <param name="Activation"><c>auto</c> or <c>manual</c>.</param>
/// <param name="Rows">Rows materialized so far.</param>
/// <param name="Progress">Input processed of the input to process; null once the version no longer runs.</param>
/// <param name="Gates">The validation report, once the version is ready.</param>
/// <param name="Bounded">Whether the version stops at fixed end offsets (a backfill) rather than running live.</param>
/// <param name="Definition">How the version computes, one line per part.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record VersionDetail(
    string View,
    int Version,
    VersionState State,
    string Activation,
    long Rows,
    ReplayProgress? Progress,
    GateReport? Gates,
    bool Bounded,
    IReadOnlyList<string>? Definition,
    DateTimeOffset CreatedAt);

/// <summary>How far a version's processing is.</summary>
/// <param name="Done">Source records processed since the version's start offsets.</param>
/// <param name="Total">Source records between the start offsets and the target (end offsets, or the log's head now).</param>
/// <param name="CaughtUp">Whether processing and materialization reached the target.</param>
public sealed record ReplayProgress(long Done, long Total, bool CaughtUp);
