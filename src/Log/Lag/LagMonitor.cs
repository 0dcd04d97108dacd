using Kappa.Log.Abstractions;

namespace Kappa.Log.Lag;

/// <summary>
/// The lag model: every sample observes each listed group's committed offsets against the live log, keeps a
/// sliding window per group and partition, evaluates <see cref="LagRules"/>, and publishes a
/// <see cref="LagReport"/>. Groups and partitions that are no longer listed are dropped at once, so nothing
/// lingers after a group is deleted. <see cref="SampleAsync"/> is called by one thread at a time (the sampler);
/// <see cref="Current"/> may be read from any thread. The clock is a <see cref="TimeProvider"/>, so tests decide "now".
/// </summary>
public sealed class LagMonitor : IDisposable
{
    /// <summary>The group of the monitor's own reader. It never commits, so it never shows in its own report.</summary>
    public const string ReaderGroup = "_kappa.lag";

    private readonly ILog _log;
    private readonly IConsumerGroupSource _groups;
    private readonly LagThresholds _thresholds;
    private readonly TimeProvider _time;
    private readonly ILogConsumer _watermarks;
    private readonly RecordTimestampReader _timestamps;
    private readonly Dictionary<(string Group, TopicPartition Partition), PartitionLagWindow> _windows = [];
    private LagReport _current = LagReport.Empty;

    /// <summary>Creates a monitor over <paramref name="log"/>.</summary>
    public LagMonitor(ILog log, IConsumerGroupSource groups, LagThresholds thresholds, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(thresholds);
        thresholds.Validate();
        _log = log;
        _groups = groups;
        _thresholds = thresholds;
        _time = time;
        _watermarks = log.CreateConsumer(ReaderGroup);
        _timestamps = new RecordTimestampReader(log.CreateConsumer(ReaderGroup));
    }

    /// <summary>The latest report; <see cref="LagReport.Empty"/> before the first sample.</summary>
    public LagReport Current => Volatile.Read(ref _current);

    /// <summary>The thresholds in force.</summary>
    public LagThresholds Thresholds => _thresholds;

    /// <summary>Whether at least one sample has completed.</summary>
    public bool HasSampled => !ReferenceEquals(Current, LagReport.Empty);

    /// <summary>Observes every group once and publishes the result as <see cref="Current"/>.</summary>
    public async Task<LagReport> SampleAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var live = new HashSet<(string, TopicPartition)>();
        var groups = new List<GroupLag>();
        foreach (var group in (await _groups.ListGroupsAsync(cancellationToken)).Where(g => !GroupNames.IsBookmark(g)).Order(StringComparer.Ordinal))
        {
            var offsets = await _log.Admin.ListConsumerGroupOffsetsAsync(group, cancellationToken);
            var partitions = new List<PartitionLag>(offsets.Count);
            foreach (var (partition, committed) in offsets.OrderBy(o => o.Key.Topic, StringComparer.Ordinal).ThenBy(o => o.Key.Partition))
            {
                if (await ObserveAsync(group, partition, committed, nowMs, cancellationToken) is { } observed)
                {
                    live.Add((group, partition));
                    partitions.Add(observed);
                }
            }

            if (partitions.Count > 0)
            {
                groups.Add(GroupLag.From(group, partitions));
            }
        }

        foreach (var key in _windows.Keys.Where(key => !live.Contains(key)).ToList())
        {
            _windows.Remove(key);
        }

        _timestamps.Retain(live);
        var report = LagReport.From(now, groups);
        Volatile.Write(ref _current, report);
        return report;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _watermarks.Dispose();
        _timestamps.Dispose();
    }

    private async Task<PartitionLag?> ObserveAsync(string group, TopicPartition partition, long committed, long nowMs, CancellationToken cancellationToken)
    {
        WatermarkOffsets watermarks;
        try
        {
            watermarks = _watermarks.GetWatermarks(partition);
        }
        catch (UnknownTopicException)
        {
            // The topic was deleted under the group: there is nothing left to lag behind.
            return null;
        }

        // A committed offset below the low watermark resumes at the oldest retained record (auto.offset.reset=earliest).
        var next = Math.Max(committed, watermarks.Low);
        var lag = Math.Max(0, watermarks.High - next);
        if (!_windows.TryGetValue((group, partition), out var window))
        {
            window = new PartitionLagWindow(_thresholds.WindowSize);
            _windows[(group, partition)] = window;
        }

        window.Add(new LagObservation(nowMs, committed, watermarks.High, lag));
        var seconds = 0.0;
        if (lag > 0 && await TimestampAtAsync(group, partition, next, cancellationToken) is { } timestamp)
        {
            // A record stamped in the future (clock skew) is no lag, never a negative one.
            seconds = Math.Max(0, nowMs - timestamp) / 1000.0;
        }

        var status = LagRules.Evaluate(window, _thresholds, nowMs);
        return new PartitionLag(partition.Topic, partition.Partition, watermarks.High, committed, lag, seconds, status);
    }

    private async Task<long?> TimestampAtAsync(string group, TopicPartition partition, long offset, CancellationToken cancellationToken)
    {
        try
        {
            return await _timestamps.TimestampAtAsync(group, partition, offset, cancellationToken);
        }
        catch (UnknownTopicException)
        {
            // Deleted between reading its watermarks and its record; the next sample drops the partition.
            return null;
        }
    }
}
