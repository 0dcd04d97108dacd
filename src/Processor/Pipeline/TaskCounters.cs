namespace Kappa.Processor.Pipeline;

/// <summary>
/// Where a task's input records went. Invariant, after every record:
/// <c>In = Applied + Filtered + DeadLettered + Late</c>. The counters are committed with the state and the
/// offset, so they stay exact across crashes and replays: they are proof, not estimates.
/// </summary>
public record struct TaskCounters(long In, long Applied, long Filtered, long DeadLettered, long Late)
{
    /// <summary>Whether the accounting identity holds.</summary>
    public readonly bool Balances => In == Applied + Filtered + DeadLettered + Late;

    /// <summary>The sum of two tasks' counters.</summary>
    public static TaskCounters operator +(TaskCounters a, TaskCounters b) =>
        new(a.In + b.In, a.Applied + b.Applied, a.Filtered + b.Filtered, a.DeadLettered + b.DeadLettered, a.Late + b.Late);

    /// <summary>Named alternate for the + operator.</summary>
    public static TaskCounters Add(TaskCounters a, TaskCounters b) => a + b;
}
