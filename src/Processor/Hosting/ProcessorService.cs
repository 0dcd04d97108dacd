using Kappa.Log.Abstractions;
using Kappa.Processor.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kappa.Processor.Hosting;

/// <summary>
/// Runs one <see cref="ViewTask"/> per partition of every view's source topic; partitions are the
/// unit of parallelism, so a topic with more partitions than cores keeps every core busy.
/// A task that fails faults this service, which stops the host: a processor never limps on silently.
/// </summary>
internal sealed class ProcessorService(
    ViewRegistry views,
    ILog log,
    IOptions<ProcessorOptions> options,
    ProcessorStatus status,
    ILogger<ProcessorService> logger) : BackgroundService
{

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tasks = new List<Task>();
        foreach (var view in views.All)
        {
            var source = await log.Admin.EnsureTopicAsync(new TopicSpec(view.Source, log.Admin.DefaultPartitions), stoppingToken);
            await log.Admin.EnsureTopicAsync(
                new TopicSpec(view.ChangelogTopic(ViewRegistry.CurrentVersion), source.Partitions, new TopicConfig(Compacted: true)),
                stoppingToken);
            for (var partition = 0; partition < source.Partitions; partition++)
            {
                var task = new ViewTask(view, ViewRegistry.CurrentVersion, partition, log, options.Value, logger, status);
                tasks.Add(Task.Run(() => task.RunAsync(stoppingToken), CancellationToken.None));
            }
        }

        // WhenAll would wait for every task; the first failure must stop the host at once.
        while (tasks.Count > 0)
        {
            var finished = await Task.WhenAny(tasks);
            await finished;
            tasks.Remove(finished);
        }
    }
}
