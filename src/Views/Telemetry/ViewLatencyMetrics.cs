using System.Diagnostics.Metrics;
using Kappa.Log.Telemetry;

namespace Kappa.Views.Telemetry;

/// <summary>
/// The views server's latency histograms, on Kappa's meter: end-to-end latency, recorded by the materializers, and
/// query latency, recorded around the view query endpoints. One per host.
/// </summary>
internal sealed class ViewLatencyMetrics
{
    public ViewLatencyMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(KappaTelemetry.Name);
        var advice = new InstrumentAdvice<double> { HistogramBucketBoundaries = KappaTelemetry.LatencyBuckets };
        EndToEndLatency = meter.CreateHistogram(
            "kappa.end_to_end.latency",
            unit: "s",
            description: "From a source record's timestamp to the view showing it: measured when a task commit is applied to the view store, for the newest source record the commit processed.",
            tags: null,
            advice: advice);
        QueryLatency = meter.CreateHistogram(
            "kappa.query.latency",
            unit: "s",
            description: "Time to answer a query of a view's rows or keys.",
            tags: null,
            advice: advice);
    }

    public Histogram<double> EndToEndLatency { get; }

    public Histogram<double> QueryLatency { get; }
}
