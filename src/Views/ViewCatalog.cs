using Kappa.Contracts.Lifecycle;
using Kappa.Contracts.Queries;
using Kappa.Log.Abstractions;
using Kappa.Processor.Hosting;
using Kappa.Processor.Lifecycle;
using Kappa.Processor.Pipeline;
using Kappa.Views.Store;

namespace Kappa.Views;

/// <summary>
/// The views this server serves, their versions as the lifecycle says, and what each version holds. The active
/// version is read from <see cref="ViewLifecycle.Current"/> once per query, so a swap is visible to the next query.
/// </summary>
internal sealed class ViewCatalog(
    ViewLifecycle lifecycle,
    VersionedViews views,
    ViewStore store,
    ILog log,
    VersionProgress progress,
    ProcessorStatus? status = null) : IDisposable
{
    private readonly Lock _watermarksLock = new();
    private ILogConsumer? _watermarks;

    /// <summary>The lifecycle state queries read.</summary>
    public LifecycleState State => lifecycle.Current;

    /// <summary>A configured view.</summary>
    public bool TryGet(string name, out CompiledView view) => views.Registry.TryGet(name, out view);

    /// <summary>The active version of a view, or null when it has none yet.</summary>
    public int? ActiveVersion(string view) => lifecycle.Current.ActiveVersion(view);

    /// <summary>Whether a version's rows can be read: it exists and is not dropped.</summary>
    public bool IsReadable(string view, int version) =>
        lifecycle.Current.Find(view, version) is { State: not VersionState.Dropped };

    public ViewsResponse Describe()
    {
        var state = lifecycle.Current;
        return new([.. views.Registry.All.Select(view => Describe(view, state))]);
    }

    private ViewSummary Describe(CompiledView view, LifecycleState state)
    {
        var history = state.Views.GetValueOrDefault(view.Name);
        var active = history?.Active;
        var versions = history?.Versions.Values.Where(v => v.State != VersionState.Dropped).Select(Summarize).ToList() ?? [];
        var counters = active is { } a ? Counters(view.Name, a) : null;
        return new ViewSummary(
            view.Name,
            view.Source,
            active ?? 0,
            versions,
            counters,
            active is { } shown && history!.Versions.TryGetValue(shown, out var info) ? views.Get(info).Describe() : view.Describe(),
            active is { } running ? Freshness(view.Name, running, view.Source) : null);
    }

    private ViewVersionSummary Summarize(VersionInfo version) => new(
        version.Version,
        version.State,
        store.CountRows(version.View, version.Version),
        Counters(version.View, version.Version),
        version.State == VersionState.Active ? null : Progress(version),
        version.Gates?.Passed);

    /// <summary>One version in full, or null when it never existed.</summary>
    public VersionDetail? Detail(string view, int version)
    {
        if (lifecycle.Current.Find(view, version) is not { } info)
        {
            return null;
        }

        var compiled = info.State == VersionState.Dropped ? null : views.Get(info);
        return new VersionDetail(
            view,
            version,
            info.State,
            info.Activation,
            store.CountRows(view, version),
            compiled is null ? null : Progress(info),
            info.Gates,
            info.EndOffsets is not null,
            compiled?.Describe(),
            info.CreatedAt);
    }

    /// <summary>How far a running version's processing is, or null when it does not run here.</summary>
    public ReplayProgress? Progress(VersionInfo version) =>
        version.Runs ? progress.Measure(version, views.Get(version).Source) : null;

    public void Dispose() => _watermarks?.Dispose();

    private RecordCounters? Counters(string view, int version) =>
        status?.Counters(view, version) is { } c ? new RecordCounters(c.In, c.Applied, c.Filtered, c.DeadLettered, c.Late) : null;

    private ViewFreshness? Freshness(string view, int version, string source)
    {
        var partitions = status?.Partitions(view, version);
        if (partitions is null || partitions.Count == 0)
        {
            return null;
        }

        long lag = 0;
        var watermark = long.MaxValue;
        lock (_watermarksLock)
        {
            // A consumer is used by one thread at a time; HTTP requests share this one under the lock.
            _watermarks ??= log.CreateConsumer("_kappa.views.freshness");
            foreach (var (partition, progress) in partitions)
            {
                var (low, high) = _watermarks.GetWatermarks(new TopicPartition(source, partition));
                lag += Math.Max(0, high - Math.Max(low, progress.NextOffset));
                watermark = Math.Min(watermark, progress.Watermark);
            }
        }

        var time = watermark is long.MinValue or long.MaxValue ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeMilliseconds(watermark);
        return new ViewFreshness(time, lag);
    }
}
