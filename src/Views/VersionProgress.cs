using Kappa.Contracts.Lifecycle;
using Kappa.Log.Abstractions;
using Kappa.Processor.Hosting;
using Kappa.Processor.Lifecycle;
using Kappa.Processor.Pipeline;
using Kappa.Views.Store;

namespace Kappa.Views;

/// <summary>
/// How far a running version is: source records processed since its start offsets, of those up to its target
/// (its end offsets, or the log's head now), and whether both its tasks and its materializer reached the target,
/// i.e. whether its rows reflect every record the log held when asked.
/// <para>
/// A partition's progress comes from <see cref="ProcessorStatus"/>: reported by its task when it runs in this process,
/// or folded from the progress topic when it runs elsewhere (the task publishes it after its outbox, before its group
/// commit). Until either is known, the task group's committed offset shows how far the partition is, but the version
/// is not caught up: its counters, which the gates read, are not known yet.
/// </para>
/// </summary>
internal sealed class VersionProgress(ProcessorStatus status, ViewStore store, ILog log) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _partitions = new(StringComparer.Ordinal);
    private ILogConsumer? _consumer;

    /// <summary>The progress, or null when the version does not run or its source does not exist.</summary>
    public ReplayProgress? Measure(VersionInfo version, string source)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (!version.Runs)
        {
            return null;
        }

        var planned = status.PlannedPartitions(version.View, version.Version);
        if (planned == 0 && (planned = TopicPartitions(source)) == 0)
        {
            return null;
        }

        var local = status.Partitions(version.View, version.Version);
        IReadOnlyDictionary<TopicPartition, long>? committed = null;
        if (local.Count < planned)
        {
            // Blocking: callers are synchronous (metrics callbacks among them); this is one request per call.
            committed = log.Admin.ListConsumerGroupOffsetsAsync(CompiledView.TaskGroupOf(version.View, version.Version)).GetAwaiter().GetResult();
        }

        long done = 0, total = 0;
        var caughtUp = true;
        lock (_lock)
        {
            // A consumer is used by one thread at a time; callers share this one under the lock.
            _consumer ??= log.CreateConsumer("_kappa.views.progress");
            for (var partition = 0; partition < planned; partition++)
            {
                var (low, high) = _consumer.GetWatermarks(new TopicPartition(source, partition));
                var start = Math.Max(version.StartOffset(partition), low);
                var end = version.EndOffset(partition);
                var target = end ?? high;
                long next;
                bool finished;
                if (local.TryGetValue(partition, out var task))
                {
                    (next, finished) = (task.NextOffset < 0 ? start : task.NextOffset, task.Finished);
                }
                else if (committed is not null && committed.TryGetValue(new TopicPartition(source, partition), out var offset))
                {
                    // Good enough to show how far it is, not to call it done: the counters the gates read come with
                    // the task's progress record, which this server has not folded yet.
                    (next, finished) = (offset, false);
                    caughtUp = false;
                }
                else
                {
                    (next, finished) = (start, false);
                }

                total += Math.Max(0, target - start);
                done += Math.Clamp(next - start, 0, Math.Max(0, target - start));
                caughtUp &= finished || next >= target;
            }

            caughtUp &= MaterializerCaughtUp(version);
        }

        return new ReplayProgress(done, total, caughtUp);
    }

    /// <summary>A topic's partition count, cached (Kappa never changes a topic's count), or 0 when it does not exist.</summary>
    private int TopicPartitions(string source)
    {
        lock (_lock)
        {
            if (_partitions.TryGetValue(source, out var known))
            {
                return known;
            }
        }

        var description = log.Admin.DescribeTopicAsync(source).GetAwaiter().GetResult();
        if (description is null)
        {
            return 0;
        }

        lock (_lock)
        {
            _partitions[source] = description.Partitions;
        }

        return description.Partitions;
    }

    /// <summary>
    /// Whether the store applied every changelog partition up to its end. The changelog's own partition count, not the
    /// source's: a source that gained partitions since the version started maps them onto the changelog's.
    /// </summary>
    private bool MaterializerCaughtUp(VersionInfo version)
    {
        var changelog = CompiledView.ChangelogTopicOf(version.View, version.Version);
        var partitions = TopicPartitions(changelog);
        if (partitions == 0)
        {
            return false;
        }

        for (var partition = 0; partition < partitions; partition++)
        {
            WatermarkOffsets watermarks;
            try
            {
                watermarks = _consumer!.GetWatermarks(new TopicPartition(changelog, partition));
            }
            catch (UnknownTopicException)
            {
                return false;
            }

            if ((store.ReadNextOffset(version.View, version.Version, partition) ?? 0) < watermarks.High)
            {
                return false;
            }
        }

        return true;
    }

    public void Dispose() => _consumer?.Dispose();
}
