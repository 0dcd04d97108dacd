using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Kappa.Log.Telemetry;
using Kappa.Processor.Pipeline;

namespace Kappa.Processor.Telemetry;

/// <summary>
/// The processor's instruments, on Kappa's meter (<see cref="KappaTelemetry.Name"/>): the processing latency histogram,
/// restore durations and records, and the state and cache sizes of the running tasks, summed per view version. The gauges read the tasks attached
/// now when collected, so a version that stops running stops being reported. One per host.
/// </summary>
internal sealed class ProcessorMetrics
{
    private readonly ConcurrentDictionary<TaskTelemetry, byte> _attached = new();

    public ProcessorMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(KappaTelemetry.Name);
        ProcessingLatency = meter.CreateHistogram(
            "kappa.processing.latency",
            unit: "s",
            description: "Time from a task's poll of a record batch to the commit that holds it being published.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = KappaTelemetry.LatencyBuckets });
        RestoreDuration = meter.CreateHistogram(
            "kappa.processor.restore.duration",
            unit: "s",
            description: "How long a task took to restore its state by replaying its input, per restore.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = KappaTelemetry.LatencyBuckets });
        RestoredRecords = meter.CreateCounter<long>(
            "kappa.processor.restore.records", "{record}", "Input records replayed to restore task state.");
        meter.CreateObservableGauge(
            "kappa.task.cache.rows",
            () => PerVersion(t => t.CacheRows),
            unit: "{row}",
            description: "Rows held in the write-back caches of the view version's tasks.");
        meter.CreateObservableGauge(
            "kappa.task.state.size",
            () => PerVersion(t => t.StateBytes),
            unit: "By",
            description: "Size of the view version's task state (RocksDB live data and memtables, as RocksDB estimates it).");
    }

    public Histogram<double> ProcessingLatency { get; }

    /// <summary>How long a task took to restore its state by replaying its input (a partition that moved here).</summary>
    public Histogram<double> RestoreDuration { get; }

    /// <summary>Input records replayed to restore task state.</summary>
    public Counter<long> RestoredRecords { get; }

    /// <summary>The telemetry of one task of a view version.</summary>
    public TaskTelemetry ForTask(CompiledView view, int version, int partition) => new(this, view, version, partition);

    internal void Attached(TaskTelemetry task) => _attached[task] = 0;

    internal void Detached(TaskTelemetry task) => _attached.TryRemove(task, out _);

    private IEnumerable<Measurement<long>> PerVersion(Func<TaskTelemetry, long> read) =>
        _attached.Keys.GroupBy(t => (t.View, t.Version)).Select(g => new Measurement<long>(
            g.Sum(read),
            new KeyValuePair<string, object?>("view", g.Key.View),
            new KeyValuePair<string, object?>("version", g.Key.Version)));
}
