using System.Diagnostics;

namespace Kappa.Log.Telemetry;

/// <summary>
/// Kappa's telemetry names: one meter and one <see cref="ActivitySource"/>, both <see cref="Name"/>. A trace follows a
/// record from produce to view update: a <c>produce</c> span whose context the records carry in a
/// <see cref="TraceParent"/> header; a <c>process</c> span per task commit, linked to (a bounded number of) the contexts
/// of the records it committed, whose own context the commit's changelog carries; and a <c>view update</c> span per
/// materialized batch, linked to those. Each is also a child of the first context it links to, so a record's trace
/// reads produce, process, view update when its commit held only its producer's records. Every part asks <see cref="ActivitySource.HasListeners"/> first, so with no
/// tracer attached tracing costs nothing but that check.
/// </summary>
public static class KappaTelemetry
{
    /// <summary>The name of Kappa's meter and activity source, <c>Kappa</c>.</summary>
    public const string Name = "Kappa";

    /// <summary>The most records' contexts one span links to; further ones are counted in an attribute only.</summary>
    public const int MaxLinks = 32;

    /// <summary>
    /// Bucket boundaries advised for Kappa's latency histograms, in seconds: from a millisecond to five minutes, as
    /// commits come every 200 ms to 3 s and a view catching up is minutes behind.
    /// </summary>
    public static IReadOnlyList<double> LatencyBuckets { get; } = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

    /// <summary>The source.</summary>
    public static ActivitySource Source { get; } = new(Name);

    /// <summary>
    /// Starts a span over records that carried trace contexts: a child of the first record's context, so that a batch of
    /// one producer's records continues its trace (and follows its sampling decision), and linked to every context
    /// (<see cref="TraceLinks"/>, at most <see cref="MaxLinks"/>). It does not become <see cref="Activity.Current"/>: a
    /// loop's span for one commit must not become the parent of what the loop does next.
    /// </summary>
    public static Activity? StartLinked(string name, ActivityKind kind, DateTimeOffset startTime, ActivityLink[] links)
    {
        ArgumentNullException.ThrowIfNull(links);
        ArgumentOutOfRangeException.ThrowIfZero(links.Length);
        var previous = Activity.Current;
        try
        {
            return Source.StartActivity(name, kind, links[0].Context, tags: null, links: links, startTime: startTime);
        }
        finally
        {
            Activity.Current = previous;
        }
    }
}
