using Kappa.Log.Abstractions;
using Kappa.Processor.Hosting;
using Microsoft.Extensions.Hosting;

namespace Kappa.Views.Progress;

/// <summary>
/// Follows the progress topic (<see cref="ProgressTopic"/>) from its start into <see cref="ProcessorStatus"/>, so a
/// views server knows the counters and offsets of tasks that run in other processes: replay gates, <c>GET /views</c>
/// and the accounting metrics then cover every partition, wherever its task runs. Records it cannot read are skipped.
/// A failure to read the log faults the service, which stops the host.
/// </summary>
internal sealed class TaskProgressFollower(ILog log, ProcessorStatus status) : BackgroundService
{
    private const string Group = "_kappa.progress.follower";
    private static readonly TimeSpan PollWait = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await log.Admin.EnsureTopicAsync(ProgressTopic.Spec, stoppingToken);
        using var consumer = log.CreateConsumer(Group);
        consumer.Assign([new TopicPartitionOffset(ProgressTopic.Name, 0, LogOffset.Beginning)]);
        while (!stoppingToken.IsCancellationRequested)
        {
            RecordBatch batch;
            try
            {
                batch = await consumer.PollAsync(10_000, PollWait, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            foreach (ref readonly var record in batch.Records)
            {
                if (ProgressTopic.TryRead(in record, out var view, out var version, out var partition, out var progress))
                {
                    status.Absorb(view, version, partition, progress);
                }
            }
        }
    }
}
