using System.Diagnostics;
using Kappa.Log.Abstractions;
using Kappa.Log.Telemetry;
using Kappa.Processor.Pipeline;

namespace Kappa.Processor.Telemetry;

/// <summary>
/// One task's telemetry, fed by three calls: <see cref="Polled"/> after every poll, <see cref="CommitHeaders"/> when
/// the commit's changelog is published, <see cref="Committed"/> at the end of every commit. Per commit it records the
/// processing latency of each batch the commit holds, puts the newest source timestamp (and, when traced, the
/// <c>process</c> span's context) on the commit's last changelog record, and, when a tracer listens and records carried
/// a <c>traceparent</c>, makes a <c>process</c> span from the first poll to the commit, linked to their contexts. Per
/// record it compares a timestamp, and looks at headers only while a tracer listens: nothing is allocated per record.
/// Used by the task's thread, except the size gauges, which read under a lock.
/// </summary>
internal sealed class TaskTelemetry : IDisposable
{
    private readonly ProcessorMetrics _metrics;
    private readonly CompiledView _view;
    private readonly int _partition;
    private readonly TagList _tags;
    private readonly TraceLinks _links = new();
    private readonly Lock _gate = new();
    private long[] _polls = new long[16];
    private int _pollCount;
    private long _records;
    private long _newestSourceTime = long.MinValue;
    private DateTimeOffset _firstPoll;
    private Activity? _process;
    private TaskStore? _store;
    private Func<int>? _cacheRows;

    public TaskTelemetry(ProcessorMetrics metrics, CompiledView view, int version, int partition)
    {
        _metrics = metrics;
        _view = view;
        Version = version;
        _partition = partition;

        // Boxed once here, so that recording allocates nothing.
        _tags = new TagList { { "view", view.Name }, { "version", version } };
    }

    public string View => _view.Name;

    public int Version { get; }

    /// <summary>Rows in the task's cache now; 0 when detached.</summary>
    public long CacheRows
    {
        get
        {
            lock (_gate)
            {
                return _cacheRows?.Invoke() ?? 0;
            }
        }
    }

    /// <summary>The task state's estimated size now; 0 when detached.</summary>
    public long StateBytes
    {
        get
        {
            lock (_gate)
            {
                return _store?.EstimatedBytes() ?? 0;
            }
        }
    }

    /// <summary>Reports the task's store and cache to the size gauges until disposed, which must happen before the store is.</summary>
    public IDisposable Attach(TaskStore store, Func<int> cacheRows)
    {
        lock (_gate)
        {
            _store = store;
            _cacheRows = cacheRows;
        }

        _metrics.Attached(this);
        return this;
    }

    public void Dispose()
    {
        _metrics.Detached(this);
        lock (_gate)
        {
            _store = null;
            _cacheRows = null;
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Notes a polled batch: its poll time, its newest timestamp, and, while traced, its records' contexts.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="endOffset">The offset the task stops before; records from it on are not processed.</param>
    public void Polled(RecordBatch batch, long endOffset)
    {
        var traced = KappaTelemetry.Source.HasListeners();
        var processed = false;
        foreach (ref readonly var record in batch.Records)
        {
            if (record.Offset >= endOffset)
            {
                break;
            }

            processed = true;
            _records++;
            if (record.Timestamp > _newestSourceTime)
            {
                _newestSourceTime = record.Timestamp;
            }

            if (traced && !record.Headers.IsEmpty)
            {
                _links.Add(record.Headers);
            }
        }

        if (!processed)
        {
            return;
        }

        if (_pollCount == _polls.Length)
        {
            Array.Resize(ref _polls, _polls.Length * 2);
        }

        if (_pollCount == 0)
        {
            _firstPoll = DateTimeOffset.UtcNow;
        }

        _polls[_pollCount++] = Stopwatch.GetTimestamp();
    }

    /// <summary>
    /// The headers of the commit's last changelog record, or null when nothing was polled since the last commit (a
    /// republish on start). Starts the <c>process</c> span, so that the headers carry its context.
    /// </summary>
    public IReadOnlyList<RecordHeader>? CommitHeaders()
    {
        if (_pollCount == 0)
        {
            return null;
        }

        StartProcess();
        var sourceTime = ChangelogHeaders.SourceTimeHeader(_newestSourceTime);
        return _process is { } process ? [sourceTime, TraceParent.Header(process.Context)] : [sourceTime];
    }

    /// <summary>The commit is durable and published: records each batch's latency and ends the span.</summary>
    /// <summary>Records a restore of this task's state: how long it took and how many input records it replayed.</summary>
    public void Restored(TimeSpan duration, long records)
    {
        _metrics.RestoreDuration.Record(duration.TotalSeconds, _tags);
        _metrics.RestoredRecords.Add(records, _tags);
    }

    public void Committed()
    {
        var now = Stopwatch.GetTimestamp();
        for (var i = 0; i < _pollCount; i++)
        {
            _metrics.ProcessingLatency.Record(Stopwatch.GetElapsedTime(_polls[i], now).TotalSeconds, in _tags);
        }

        // A commit that published no changelog (all filtered, or no window closed) still gets its span.
        StartProcess();
        _process?.Dispose();
        _process = null;
        _links.Clear();
        _pollCount = 0;
        _records = 0;
        _newestSourceTime = long.MinValue;
    }

    private void StartProcess()
    {
        if (_process is not null || _links.Count == 0 || !KappaTelemetry.Source.HasListeners())
        {
            return;
        }

        _process = KappaTelemetry.StartLinked("process", ActivityKind.Consumer, _firstPoll, _links.ToArray());
        if (_process is { IsAllDataRequested: true } process)
        {
            process.SetTag("messaging.system", "kappa");
            process.SetTag("messaging.operation.type", "process");
            process.SetTag("messaging.destination.name", _view.Source);
            process.SetTag("messaging.destination.partition.id", _partition);
            process.SetTag("messaging.batch.message_count", _records);
            process.SetTag("kappa.traced_records", _links.Records);
            process.SetTag("kappa.view", _view.Name);
            process.SetTag("kappa.view.version", Version);
        }
    }
}
