using System.Diagnostics;

namespace Kappa.Benchmarks.Diagnostics;

/// <summary>
/// What this process has spent so far: CPU time, bytes allocated, collection pauses and collections by generation.
/// Taken at the start of a measured stretch and subtracted at its end (<see cref="Since"/>); on a shared machine CPU
/// time and garbage are steadier measures than the wall time.
/// </summary>
/// <param name="Cpu">CPU time, every thread of the process.</param>
/// <param name="Allocated">Bytes allocated on the managed heap (precise).</param>
/// <param name="Paused">Time the collector held the process's threads.</param>
/// <param name="Gen0">Collections of gen 0 (a collection of gen 1 or 2 counts too).</param>
/// <param name="Gen1">Collections of gen 1 (a collection of gen 2 counts too).</param>
/// <param name="Gen2">Collections of gen 2.</param>
internal readonly record struct ProcessCost(TimeSpan Cpu, long Allocated, TimeSpan Paused, int Gen0, int Gen1, int Gen2)
{
    /// <summary>What the process has spent until now.</summary>
    public static ProcessCost Now() => new(
        Process.GetCurrentProcess().TotalProcessorTime,
        GC.GetTotalAllocatedBytes(precise: true),
        GC.GetTotalPauseDuration(),
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2));

    /// <summary>What the process has spent since <paramref name="start"/> was taken.</summary>
    public static ProcessCost Since(ProcessCost start)
    {
        var now = Now();
        return new(now.Cpu - start.Cpu, now.Allocated - start.Allocated, now.Paused - start.Paused, now.Gen0 - start.Gen0, now.Gen1 - start.Gen1, now.Gen2 - start.Gen2);
    }
}
