namespace Kappa.Contracts.Lifecycle;

/// <summary>
/// One record of the control topic <c>_kappa.views</c>, which holds every view's version lifecycle. Each views
/// server and processor folds the topic, in order, into the same state, so servers agree without talking to each
/// other. The JSON shape is <see cref="KappaJson"/>'s.
/// </summary>
/// <param name="Type">What happened: <c>created</c>, <c>ready</c>, <c>activated</c> or <c>dropped</c>.</param>
/// <param name="View">The view.</param>
/// <param name="Version">The version the event is about.</param>
/// <param name="At">When it was written (wall clock: for operators only, never for processing).</param>
/// <param name="RequestId">For <c>created</c>: who created it, so a writer that raced another can tell.</param>
/// <param name="Definition">For <c>created</c>: the YAML text defining the view, or null for a view defined in C#.</param>
/// <param name="StartOffsets">For <c>created</c>: per source partition, the first offset to process.</param>
/// <param name="EndOffsets">For <c>created</c>: per source partition, the offset to stop before; null to keep running live.</param>
/// <param name="Activation">For <c>created</c>: <c>auto</c> (activate once the gates pass) or <c>manual</c>.</param>
/// <param name="Gates">For <c>ready</c>: the validation report.</param>
/// <param name="Reason">For <c>activated</c> and <c>dropped</c>: why (<c>bootstrap</c>, <c>gates</c>, <c>manual</c>, <c>rollback</c>, <c>retention</c>).</param>
public sealed record ControlEvent(
    string Type,
    string View,
    int Version,
    DateTimeOffset At,
    string? RequestId = null,
    string? Definition = null,
    IReadOnlyList<long>? StartOffsets = null,
    IReadOnlyList<long>? EndOffsets = null,
    string? Activation = null,
    GateReport? Gates = null,
    string? Reason = null)
{
    /// <summary>The <see cref="Type"/> of a new version.</summary>
    public const string Created = "created";

    /// <summary>The <see cref="Type"/> of a version that caught up and was validated.</summary>
    public const string Readied = "ready";

    /// <summary>The <see cref="Type"/> of an activation (which retires the previously active version).</summary>
    public const string Activated = "activated";

    /// <summary>The <see cref="Type"/> of a drop.</summary>
    public const string Dropped = "dropped";
}
