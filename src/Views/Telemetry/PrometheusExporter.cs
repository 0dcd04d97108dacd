using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.Hosting;

namespace Kappa.Views.Telemetry;

/// <summary>
/// Serves the instruments of <see cref="KappaMetrics.MeterName"/>, ASP.NET Core's request metrics (request latency) and
/// the runtime's own that are read at scrape time (<see cref="RuntimeMeter"/>: collections and their pause time, heap
/// sizes, CPU time, thread-pool queue) in the Prometheus text format, for <c>GET /metrics</c> when no collector is
/// configured. It exists because the NuGet copy here has no OpenTelemetry.Exporter.Prometheus.AspNetCore; it is a
/// deliberately small <see cref="MeterListener"/>: observable instruments are read at scrape time (so series of
/// vanished groups vanish with them), counters are summed, histograms use OpenTelemetry's default bucket boundaries.
/// It is a hosted service so that it listens from the host's start: measurements of requests served before it
/// listened would be lost.
/// </summary>
internal sealed class PrometheusExporter : IHostedService, IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The .NET runtime's meter: one per process, so it belongs to no host's meter factory.</summary>
    public const string RuntimeMeter = "System.Runtime";

    private static readonly HashSet<string> Meters = [KappaMetrics.MeterName, "Microsoft.AspNetCore.Hosting"];

    // Guards _instruments. Held for a measurement, and while a scrape clears or copies the series: work that never
    // waits for anything else. Measurements are recorded on whatever thread makes them, socket I/O threads among them
    // (point queries' latency, ASP.NET Core's request duration), which must never wait long.
    private readonly object _gate = new();

    // Serializes scrapes. The observable instruments' callbacks run under it, not under _gate: they read the store
    // and the lag, which can wait (a version being dropped), and a measurement must not wait for them.
    private readonly object _scrapeGate = new();
    private readonly Dictionary<Instrument, InstrumentSeries> _instruments = [];
    private readonly MeterListener _listener = new();

    // Taking the metrics makes sure Kappa's meter exists before the listener starts. Only meters of this host's
    // factory are read (tests run several hosts in one process, and each /metrics must show its own), and the
    // runtime's, which is the process's.
    public PrometheusExporter(KappaMetrics metrics, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if ((Meters.Contains(instrument.Meter.Name) && ReferenceEquals(instrument.Meter.Scope, meters)) || IsRuntimeGauge(instrument))
            {
                lock (_gate)
                {
                    _instruments[instrument] = new InstrumentSeries(instrument);
                }

                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) =>
        {
            lock (_gate)
            {
                _instruments.Remove(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
    }

    /// <summary>
    /// Whether an instrument is one of the runtime's read at scrape time. Its one recorded instrument,
    /// <c>dotnet.exceptions</c>, is left out: it records on whatever thread throws, which would then wait for a scrape
    /// in progress (whose callbacks may be waiting for that very thread's lock), and it would make every exception
    /// thrown in the process, dead-lettered records included, pay for a lock.
    /// </summary>
    private static bool IsRuntimeGauge(Instrument instrument) =>
        instrument.Meter.Name == RuntimeMeter && instrument.Meter.Scope is null && instrument.IsObservable;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _listener.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The current value of every series, in the Prometheus text exposition format.</summary>
    public string Scrape()
    {
        var text = new StringBuilder();
        lock (_scrapeGate)
        {
            lock (_gate)
            {
                foreach (var series in _instruments.Values.Where(s => s.Instrument.IsObservable))
                {
                    series.Clear();
                }
            }

            // Each observation takes _gate in Record, as any measurement does.
            _listener.RecordObservableInstruments();
            SeriesSnapshot[] snapshots;
            lock (_gate)
            {
                snapshots = [.. _instruments.Values.Select(s => s.Snapshot())];
            }

            // Formatting is the bulk of a scrape, and measurements need not wait for it.
            foreach (var snapshot in snapshots.OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                snapshot.WriteTo(text);
            }
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        lock (_gate)
        {
            if (_instruments.TryGetValue(instrument, out var series))
            {
                series.Record(value, tags);
            }
        }
    }
}
