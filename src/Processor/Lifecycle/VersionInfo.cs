using Kappa.Contracts.Lifecycle;

namespace Kappa.Processor.Lifecycle;

/// <summary>One view version as the control topic's events have made it.</summary>
/// <param name="View">The view.</param>
/// <param name="Version">The version number.</param>
/// <param name="State">Its lifecycle state.</param>
/// <param name="Definition">The YAML text it was created from, or null for a view defined in C#.</param>
/// <param name="StartOffsets">Per source partition, the first offset it processes; empty means each partition's beginning.</param>
/// <param name="EndOffsets">Per source partition, the offset it stops before; null when it runs live.</param>
/// <param name="Activation"><c>auto</c> or <c>manual</c>.</param>
/// <param name="Gates">The validation report, once ready.</param>
/// <param name="CreatedAt">When it was created (wall clock, for operators).</param>
/// <param name="RetiredAt">When it was last retired, or null.</param>
/// <param name="RequestId">The creating request's id.</param>
public sealed record VersionInfo(
    string View,
    int Version,
    VersionState State,
    string? Definition,
    IReadOnlyList<long> StartOffsets,
    IReadOnlyList<long>? EndOffsets,
    string Activation,
    GateReport? Gates,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RetiredAt,
    string? RequestId)
{
    /// <summary>Whether the version's tasks and materializer run: building, ready and active versions do.</summary>
    public bool Runs => State is VersionState.Building or VersionState.Ready or VersionState.Active;

    /// <summary>The first offset to process in a source partition.</summary>
    public long StartOffset(int partition) => partition < StartOffsets.Count ? StartOffsets[partition] : 0;

    /// <summary>The offset to stop before in a source partition, or null to run live.</summary>
    public long? EndOffset(int partition) => EndOffsets is null ? null : partition < EndOffsets.Count ? EndOffsets[partition] : 0;
}
