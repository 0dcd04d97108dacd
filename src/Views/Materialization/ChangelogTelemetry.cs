using System.Diagnostics;
using Kappa.Log.Abstractions;
using Kappa.Log.Telemetry;
using Kappa.Processor.Telemetry;
using Kappa.Views.Telemetry;

namespace Kappa.Views.Materialization;

/// <summary>
/// One materializer's telemetry: <see cref="Observe"/> every changelog record of a batch, then <see cref="Applied"/>
/// once the batch is in the view store. Each task commit's last changelog record carries the commit's newest source
/// timestamp; once applied, now minus that timestamp is one end-to-end latency sample. While a tracer listens, records
/// carrying a <c>process</c> span's context make a <c>view update</c> span linked to them. Records without headers
/// (all but one per commit) cost one length check; nothing is allocated per record. Not thread-safe: one per
/// materializer.
/// </summary>
internal sealed class ChangelogTelemetry
{
    private readonly ViewLatencyMetrics _metrics;
    private readonly string _view;
    private readonly int _version;
    private readonly string _changelog;
    private readonly TimeProvider _time;
    private readonly TagList _tags;
    private readonly TraceLinks _links = new();
    private long[] _sourceTimes = new long[16];
    private int _commits;
    private int _records;
    private DateTimeOffset _firstLinked;

    public ChangelogTelemetry(ViewLatencyMetrics metrics, string view, int version, string changelog, TimeProvider time)
    {
        _metrics = metrics;
        _view = view;
        _version = version;
        _changelog = changelog;
        _time = time;

        // Boxed once here, so that recording allocates nothing.
        _tags = new TagList { { "view", view }, { "version", version } };
    }

    public void Observe(in LogRecord record)
    {
        _records++;
        if (record.Headers.IsEmpty)
        {
            return;
        }

        if (ChangelogHeaders.TryReadSourceTime(record.Headers, out var sourceTime))
        {
            if (_commits == _sourceTimes.Length)
            {
                Array.Resize(ref _sourceTimes, _commits * 2);
            }

            _sourceTimes[_commits++] = sourceTime;
        }

        if (KappaTelemetry.Source.HasListeners())
        {
            var linked = _links.Records;
            _links.Add(record.Headers);
            if (linked == 0 && _links.Records == 1)
            {
                _firstLinked = _time.GetUtcNow();
            }
        }
    }

    /// <summary>The observed records are in the view store: their rows are visible.</summary>
    public void Applied()
    {
        var now = _time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        for (var i = 0; i < _commits; i++)
        {
            // A source timestamp in the future (a producer's clock, or an event time it chose) is no latency, never a negative one.
            _metrics.EndToEndLatency.Record(Math.Max(0, nowMs - _sourceTimes[i]) / 1000.0, in _tags);
        }

        if (_links.Count > 0 && KappaTelemetry.Source.HasListeners())
        {
            using var update = KappaTelemetry.StartLinked("view update", ActivityKind.Consumer, _firstLinked, _links.ToArray());
            if (update is { IsAllDataRequested: true })
            {
                update.SetTag("messaging.system", "kappa");
                update.SetTag("messaging.operation.type", "process");
                update.SetTag("messaging.destination.name", _changelog);
                update.SetTag("messaging.batch.message_count", _records);
                update.SetTag("kappa.view", _view);
                update.SetTag("kappa.view.version", _version);
            }
        }

        _links.Clear();
        _commits = 0;
        _records = 0;
    }
}
