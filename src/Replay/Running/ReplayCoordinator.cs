using System.Diagnostics;
using Kappa.Contracts.Lifecycle;
using Kappa.Contracts.Queries;
using Kappa.Processor.Hosting;
using Kappa.Processor.Lifecycle;
using Kappa.Replay.Commands;
using Kappa.Replay.Validation;
using Kappa.Views;
using Kappa.Views.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kappa.Replay.Running;

/// <summary>
/// Moves replays along: a building version whose tasks and materializer have reached the log's head (or its end
/// offsets) is validated against the active version, marked ready with the gate report, and activated when it asked
/// for automatic activation and every gate passed. A ready version keeps running live, so nothing is missed between
/// "caught up" and the swap. It also applies the retention of retired versions (count and age), dropping the oldest.
/// <para>
/// Several servers may run this at once: the control topic's fold makes a repeated <c>ready</c>, activation or drop
/// harmless. A failure stops the host.
/// </para>
/// </summary>
internal sealed partial class ReplayCoordinator(
    ViewLifecycle lifecycle,
    VersionedViews views,
    VersionProgress progress,
    ProcessorStatus status,
    ViewStore store,
    ControlWriter writer,
    VersionCommands commands,
    IOptions<LifecycleOptions> options,
    ILogger<ReplayCoordinator> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await lifecycle.CaughtUp.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var version in lifecycle.Current.AllVersions.Where(v => views.Registry.TryGet(v.View, out _)))
            {
                await GuardAsync(version.View, () => version.State switch
                {
                    VersionState.Building => AdvanceAsync(version, stoppingToken),
                    VersionState.Ready when ShouldActivate(version) => ActivateAsync(version, stoppingToken),
                    _ => Task.CompletedTask,
                });
            }

            foreach (var history in lifecycle.Current.Views.Values.Where(h => views.Registry.TryGet(h.View, out _)))
            {
                await GuardAsync(history.View, () => ApplyRetentionAsync(history, stoppingToken));
            }

            try
            {
                await Task.Delay(Interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    private async Task AdvanceAsync(VersionInfo version, CancellationToken stoppingToken)
    {
        var candidate = views.Get(version);
        if (progress.Measure(version, candidate.Source) is not { CaughtUp: true } done)
        {
            return;
        }

        var history = lifecycle.Current.Views[version.View];
        var clock = Stopwatch.StartNew();
        var active = history.Active is { } a && a != version.Version ? history.Versions[a] : null;

        // Both versions are scanned whole; side by side, the gates take the time of one scan. Both are awaited even
        // when one fails, so no scan outlives the step (a failure stops the host, and the store goes with it).
        var measuringFresh = Task.Run(() => VersionTotals.Measure(store, version.View, version.Version), stoppingToken);
        var measuringOld = active is null
            ? Task.FromResult<VersionTotals?>(null)
            : Task.Run<VersionTotals?>(() => VersionTotals.Measure(store, active.View, active.Version), stoppingToken);
        await Task.WhenAll((Task)measuringFresh, measuringOld);
        var (fresh, old) = (await measuringFresh, await measuringOld);
        var measured = clock.ElapsedMilliseconds;
        var counters = status.Counters(version.View, version.Version) is { } c
            ? new RecordCounters(c.In, c.Applied, c.Filtered, c.DeadLettered, c.Late)
            : new RecordCounters(0, 0, 0, 0, 0);
        var report = GateEvaluator.Evaluate(candidate, fresh, counters, active?.Version, active is null ? null : views.Get(active), old);
        var state = await writer.AppendAsync(new ControlEvent(ControlEvent.Readied, version.View, version.Version, writer.Now, Gates: report), stoppingToken);
        LogReady(logger, version.View, version.Version, done.Done, report.Passed, measured, clock.ElapsedMilliseconds - measured);
        if (state.Find(version.View, version.Version) is { } ready && ShouldActivate(ready))
        {
            await ActivateAsync(ready, stoppingToken);
        }
    }

    /// <summary>
    /// A ready version that asked for automatic activation, passed its gates and was never active. Checked on every
    /// pass, not only right after the gates: a crash between <c>ready</c> and the activation must not strand it.
    /// Bounded backfills are never activated automatically: they cover a slice of time, not the live view.
    /// </summary>
    private static bool ShouldActivate(VersionInfo version) =>
        version is { State: VersionState.Ready, Activation: "auto", Gates.Passed: true, RetiredAt: null, EndOffsets: null };

    private async Task ActivateAsync(VersionInfo version, CancellationToken stoppingToken)
    {
        await commands.ActivateAsync(version.View, version.Version, "gates", stoppingToken);
        LogActivated(logger, version.View, version.Version);
    }

    /// <summary>
    /// Runs one step for one view. A command the state refuses (an operator dropped or activated the version
    /// meanwhile) is a race an operator won, not a failure: it is logged and the next pass looks again.
    /// </summary>
    private async Task GuardAsync(string view, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (LifecycleCommandException e)
        {
            LogRefused(logger, view, e.Message);
        }
    }

    private async Task ApplyRetentionAsync(ViewHistory history, CancellationToken stoppingToken)
    {
        var retired = history.Versions.Values
            .Where(v => v.State == VersionState.Retired)
            .OrderByDescending(v => v.RetiredAt)
            .ThenByDescending(v => v.Version)
            .ToList();
        var now = writer.Now;
        for (var i = 0; i < retired.Count; i++)
        {
            var expired = now - (retired[i].RetiredAt ?? now) > options.Value.RetiredRetention;
            if (i >= options.Value.RetainRetired || expired)
            {
                await commands.DropAsync(history.View, retired[i].Version, "retention", stoppingToken);
                LogRetention(logger, history.View, retired[i].Version);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "view {View}.v{Version} caught up after {Records} records; gates passed: {Passed} (rows measured in {MeasuredMs} ms, the report recorded in {RecordedMs} ms)")]
    private static partial void LogReady(ILogger logger, string view, int version, long records, bool passed, long measuredMs, long recordedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "view {View}.v{Version} activated: its gates passed")]
    private static partial void LogActivated(ILogger logger, string view, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "view {View}: a lifecycle step was refused and is retried on the next pass: {Reason}")]
    private static partial void LogRefused(ILogger logger, string view, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "view {View}.v{Version} dropped by retention")]
    private static partial void LogRetention(ILogger logger, string view, int version);
}
