using System.Diagnostics.Metrics;
using Kappa.Log.Lag;
using Kappa.Log.Telemetry;
using Kappa.Processor.Hosting;
using Kappa.Views.Store;

namespace Kappa.Views.Telemetry;

/// <summary>
/// Kappa's instruments, on the one meter <see cref="MeterName"/>. Consumer-group names follow the OpenTelemetry
/// Collector's Kafka receiver (<c>kafka.consumer_group.lag</c>, <c>kafka.consumer_group.lag_sum</c>, attributes
/// <c>group</c>, <c>topic</c>, <c>partition</c>); the rest are <c>kappa.*</c>. Every instrument is observable and
/// reads the current model when collected, so a group or view that goes away stops being reported at once
/// instead of lingering at its last value, and no value is ever NaN.
/// </summary>
internal sealed class KappaMetrics : IDisposable
{
    public const string MeterName = KappaTelemetry.Name;

    private readonly Meter _meter;

    public KappaMetrics(IMeterFactory meters, LagMonitor lag, ViewRegistry views, ViewCatalog catalog, ViewStore store, TimeProvider time, ProcessorStatus? status = null)
    {
        _meter = meters.Create(MeterName);
        Lag(lag);
        if (status is not null)
        {
            Accounting(views, catalog, status, time);
        }

        Replays(views, catalog);

        _meter.CreateObservableGauge(
            "kappa.view.rows",
            () => views.All.Select(v => (v.Name, Version: catalog.ActiveVersion(v.Name)))
                .Where(v => v.Version is not null)
                .Select(v => new Measurement<long>(store.CountRows(v.Name, v.Version!.Value), View(v.Name), new("version", v.Version))),
            unit: "{row}",
            description: "Rows in the active version of each view (its state size).");
        _meter.CreateObservableGauge(
            "kappa.view_store.block_cache.usage",
            () => store.BlockCacheUsage,
            unit: "By",
            description: "Bytes of table blocks in the block cache every view version shares (up to Views:BlockCacheBytes; blocks in use may push it over).");
    }

    public void Dispose() => _meter.Dispose();

    /// <summary>
    /// Progress of every version being built or kept ready beside the active one (a replay): records processed since
    /// its start offsets, and records to process up to its target. A version that stops running stops reporting.
    /// </summary>
    private void Replays(ViewRegistry views, ViewCatalog catalog)
    {
        IEnumerable<(Contracts.Lifecycle.ReplayProgress Progress, KeyValuePair<string, object?>[] Tags)> Running() =>
            from version in catalog.State.AllVersions
            where version.State != Contracts.Lifecycle.VersionState.Active && views.TryGet(version.View, out _)
            let progress = catalog.Progress(version)
            where progress is not null
            select (progress, new KeyValuePair<string, object?>[] { View(version.View), new("version", version.Version) });
        _meter.CreateObservableGauge(
            "kappa.replay.records_done",
            () => Running().Select(r => new Measurement<long>(r.Progress.Done, r.Tags)),
            unit: "{record}",
            description: "Source records a replayed version has processed since its start offsets.");
        _meter.CreateObservableGauge(
            "kappa.replay.records_total",
            () => Running().Select(r => new Measurement<long>(r.Progress.Total, r.Tags)),
            unit: "{record}",
            description: "Source records a replayed version processes up to its end offsets, or the log's head now.");
    }

    private void Lag(LagMonitor lag)
    {
        _meter.CreateObservableGauge(
            "kafka.consumer_group.lag",
            () => Partitions(lag).Select(p => new Measurement<long>(p.Partition.LagRecords, p.Tags)),
            unit: "{message}",
            description: "Records not yet consumed by the group, per partition.");
        _meter.CreateObservableGauge(
            "kafka.consumer_group.lag_sum",
            () => lag.Current.Groups.SelectMany(g => g.Partitions.GroupBy(p => p.Topic, StringComparer.Ordinal).Select(t =>
                new Measurement<long>(t.Sum(p => p.LagRecords), new("group", g.Group), new("topic", t.Key)))),
            unit: "{message}",
            description: "Records not yet consumed by the group, summed over the topic's partitions.");
        _meter.CreateObservableGauge(
            "kappa.consumer_group.lag_seconds",
            () => Partitions(lag).Select(p => new Measurement<double>(p.Partition.LagSeconds, p.Tags)),
            unit: "s",
            description: "Now minus the timestamp of the oldest unconsumed record, 0 when caught up.");
        _meter.CreateObservableGauge(
            "kappa.consumer_group.status",
            () => lag.Current.Groups.Select(g => new Measurement<int>((int)g.Status, new KeyValuePair<string, object?>("group", g.Group))),
            description: "The group's worst partition status: 0 OK, 1 WARN, 2 REWOUND, 3 STALLED, 4 STOPPED.");
    }

    private void Accounting(ViewRegistry views, ViewCatalog catalog, ProcessorStatus status, TimeProvider time)
    {
        Counter("kappa.view.records.in", "Input records the view's tasks have committed.", c => c.In);
        Counter("kappa.view.records.applied", "Input records folded into the view's windows.", c => c.Applied);
        Counter("kappa.view.records.filtered", "Input records the view's filter dropped.", c => c.Filtered);
        Counter("kappa.view.records.dead_lettered", "Input records sent to the dead-letter topic.", c => c.DeadLettered);
        Counter("kappa.view.records.late", "Input records sent to the late topic.", c => c.Late);
        _meter.CreateObservableGauge(
            "kappa.view.watermark_delay",
            () => views.All.SelectMany(v => catalog.ActiveVersion(v.Name) is { } active ? WatermarkDelay(status, v.Name, active, time) : []),
            unit: "s",
            description: "Now minus the view's watermark (the smallest of its partitions'), once every partition has one.");

        void Counter(string name, string description, Func<Processor.Pipeline.TaskCounters, long> read) =>
            _meter.CreateObservableCounter(
                name,
                // One series per running version: each only grows, and a version that stops running stops reporting.
                () => catalog.State.AllVersions.Where(v => v.Runs && views.TryGet(v.View, out _)).SelectMany(v =>
                    status.Counters(v.View, v.Version) is { } c
                        ? [new Measurement<long>(read(c), View(v.View), new("version", v.Version))]
                        : Array.Empty<Measurement<long>>()),
                unit: "{record}",
                description: description);
    }

    private static IEnumerable<Measurement<double>> WatermarkDelay(ProcessorStatus status, string view, int version, TimeProvider time)
    {
        var partitions = status.Partitions(view, version);
        if (partitions.Count == 0 || partitions.Values.Any(p => p.Watermark == long.MinValue))
        {
            yield break;
        }

        var watermark = partitions.Values.Min(p => p.Watermark);
        var delay = Math.Max(0, time.GetUtcNow().ToUnixTimeMilliseconds() - watermark) / 1000.0;
        yield return new Measurement<double>(delay, View(view));
    }

    private static IEnumerable<(PartitionLag Partition, KeyValuePair<string, object?>[] Tags)> Partitions(LagMonitor lag) =>
        lag.Current.Groups.SelectMany(g => g.Partitions.Select(p => (p, new KeyValuePair<string, object?>[]
        {
            new("group", g.Group), new("topic", p.Topic), new("partition", p.Partition),
        })));

    private static KeyValuePair<string, object?> View(string name) => new("view", name);
}
