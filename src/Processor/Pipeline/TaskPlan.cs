namespace Kappa.Processor.Pipeline;

/// <summary>
/// Which part of its source partition a task processes. A task with stored state resumes from it; the plan's
/// start applies to the first run only. A task with an end offset stops there (a bounded backfill); without one it
/// runs live, for as long as its version runs.
/// </summary>
/// <param name="StartOffset">The first offset to process; 0 for the partition's beginning.</param>
/// <param name="EndOffset">The offset to stop before, or null to run live.</param>
public sealed record TaskPlan(long StartOffset, long? EndOffset)
{
    /// <summary>From the beginning, live.</summary>
    public static TaskPlan Live { get; } = new(0, null);
}
