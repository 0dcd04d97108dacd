using Kappa.Contracts.Lifecycle;
using Kappa.Log.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kappa.Processor.Lifecycle;

/// <summary>
/// Keeps <see cref="ViewLifecycle"/> folded from the control topic. At start-up, before any processor or
/// materializer runs, it loads the local copy, reads the topic to its end, and gives every configured view that has
/// no version its first one (created and activated at once, so it serves while it catches up). Then it tails the
/// topic for the rest of the process's life; a failure stops the host.
/// </summary>
internal sealed partial class LifecycleService(
    ILog log,
    ViewLifecycle lifecycle,
    VersionedViews views,
    ControlWriter writer,
    IOptions<LifecycleOptions> options,
    ILogger<LifecycleService> logger) : BackgroundService
{
    private const string ConsumerGroup = "_kappa.lifecycle";

    private readonly LocalCopy _copy = new(options.Value.LocalCopyPath);
    private readonly CancellationTokenSource _stopTail = new();
    private ILogConsumer? _consumer;
    private Task _tail = Task.CompletedTask;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await log.Admin.EnsureTopicAsync(ControlTopic.Spec, cancellationToken);
            _consumer = log.CreateConsumer(ConsumerGroup);
            var partition = new TopicPartition(ControlTopic.Name, 0);
            var (_, high) = _consumer.GetWatermarks(partition);
            _copy.Load();
            if (_copy.Events.Count > 0 && _copy.Events[^1].Offset >= high)
            {
                LogCopyDiscarded(logger, options.Value.LocalCopyPath);
                _copy.Discard();
            }

            lifecycle.Apply(_copy.Events.Select(e => (e.Event, e.Offset)), _copy.Events.Count > 0 ? _copy.Events[^1].Offset + 1 : 0, Ignored);
            _consumer.Assign([new TopicPartitionOffset(ControlTopic.Name, 0, lifecycle.Current.NextOffset)]);
            while (lifecycle.Current.NextOffset < high)
            {
                await ReadAsync(TimeSpan.FromSeconds(1), cancellationToken);
            }

            // From here the tail folds every new event, the bootstrap's own included: its writes wait for that.
            _tail = Task.Run(() => TailAsync(_stopTail.Token), CancellationToken.None);
            await BootstrapAsync(cancellationToken);
            lifecycle.MarkCaughtUp();
        }
        catch (Exception e)
        {
            lifecycle.Fail(e);
            throw;
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using (stoppingToken.Register(_stopTail.Cancel))
        {
            await _tail;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopTail.CancelAsync();
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        // The tail stops before the consumer it reads goes away (a host whose start failed disposes without stopping).
        // base.Dispose cancels ExecuteAsync's token, whose registration cancels _stopTail: it is disposed last.
        _stopTail.Cancel();
        base.Dispose();
        _tail.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Wait(TimeSpan.FromSeconds(5));
        _consumer?.Dispose();
        _stopTail.Dispose();
    }

    private async Task TailAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReadAsync(TimeSpan.FromMilliseconds(200), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    private async Task ReadAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var batch = await _consumer!.PollAsync(1_000, wait, cancellationToken);
        if (batch.IsEmpty)
        {
            return;
        }

        var events = new List<(ControlEvent, long)>(batch.Count);
        foreach (ref readonly var record in batch.Records)
        {
            if (ControlTopic.Read(record.Value, out var error) is { } e)
            {
                events.Add((e, record.Offset));
            }
            else
            {
                LogSkipped(logger, record.Offset, error!);
            }
        }

        _copy.Append(events);
        lifecycle.Apply(events, batch.Records[^1].Offset + 1, Ignored);
    }

    private async Task BootstrapAsync(CancellationToken cancellationToken)
    {
        foreach (var view in views.Registry.All)
        {
            var history = lifecycle.Current.Views.GetValueOrDefault(view.Name);
            if (history?.Active is { } active)
            {
                var running = views.Get(history.Versions[active]);
                if (!running.Describe().SequenceEqual(view.Describe()))
                {
                    LogDefinitionDrift(logger, view.Name, active);
                }

                continue;
            }

            var pending = history?.Versions.Values.FirstOrDefault(v => v.State == VersionState.Building && v.RequestId == "bootstrap");
            var version = pending?.Version ?? (history?.LatestVersion ?? 0) + 1;
            if (pending is null)
            {
                await writer.AppendAsync(
                    new ControlEvent(ControlEvent.Created, view.Name, version, writer.Now, RequestId: "bootstrap", Definition: view.DefinitionText, Activation: "auto"),
                    cancellationToken);
            }

            await writer.AppendAsync(new ControlEvent(ControlEvent.Activated, view.Name, version, writer.Now, Reason: "bootstrap"), cancellationToken);
            LogBootstrapped(logger, view.Name, version);
        }
    }

    private void Ignored(ControlEvent e, string reason) => LogIgnored(logger, e.Type, e.View, e.Version, reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "view {View}: version {Version} created and activated")]
    private static partial void LogBootstrapped(ILogger logger, string view, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "view {View}: the configured definition differs from active version {Version}'s, which keeps running its own. To build and validate the new definition: kappa replay {View} --definition <file>")]
    private static partial void LogDefinitionDrift(ILogger logger, string view, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "control event {Type} for {View}.v{Version} ignored: {Reason}")]
    private static partial void LogIgnored(ILogger logger, string type, string view, int version, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "control record at offset {Offset} skipped: {Reason}")]
    private static partial void LogSkipped(ILogger logger, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the local copy {Path} is ahead of the control topic (a recreated log?); it is rebuilt from the topic")]
    private static partial void LogCopyDiscarded(ILogger logger, string path);
}
