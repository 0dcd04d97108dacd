using System.Diagnostics.Tracing;
using System.Globalization;

namespace Kappa.Benchmarks.Diagnostics;

/// <summary>
/// What this process allocates, by type, sampled: the runtime reports an allocation tick about every 100 KB allocated,
/// naming the type whose allocation crossed the mark, so the bytes per type converge on the true shares over a run of
/// hundreds of megabytes. In-process and without tools (no dotnet-trace needed), for the <c>--allocations</c> option.
/// <para>
/// It costs what it measures: its events are delivered on a thread of the runtime's, as objects, so a run with it
/// allocates and spends more than one without, and its times and bytes per record are not comparable with others.
/// Events arrive a little late, so a few of one period's land in the next.
/// </para>
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    // The runtime's GC keyword; allocation ticks are written at the verbose level.
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly Dictionary<string, long> _bytes = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Prints the types that took the most sampled bytes, then starts counting afresh.</summary>
    /// <param name="title">What the period was.</param>
    /// <param name="top">How many types to print.</param>
    public void Report(string title, int top = 15)
    {
        KeyValuePair<string, long>[] rows;
        lock (_lock)
        {
            rows = [.. _bytes.OrderByDescending(r => r.Value)];
            _bytes.Clear();
        }

        var total = rows.Sum(r => r.Value);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  allocations sampled, {title}: {total / 1048576.0:N0} MiB (the figures beside it include the sampler's own)"));
        foreach (var (type, bytes) in rows.Take(top))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {100.0 * bytes / Math.Max(total, 1),5:F1} %  {type}"));
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.PayloadNames is not { } names)
        {
            return;
        }

        var type = names.IndexOf("TypeName") is var t and >= 0 ? eventData.Payload![t] as string ?? "?" : "?";
        var amount = names.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(eventData.Payload![a], CultureInfo.InvariantCulture) : 100_000;
        lock (_lock)
        {
            _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
        }
    }
}
