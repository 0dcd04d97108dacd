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
/// </summary>
internal sealed class VersionProgress(ProcessorStatus status, ViewStore store, ILog log) : IDisposable
{
    private readonly Lock _lock = new();
    private ILogConsumer? _consumer;

    /// <summary>The progress, or null when the version's tasks do not run in this process.</summary>
    public ReplayProgress? Measure(VersionInfo version, string source)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (!version.Runs)
        {
            return null;
        }

        var planned = status.PlannedPartitions(version.View, version.Version);
        if (planned == 0)
        {
            return null;
        }

        var partitions = status.Partitions(version.View, version.Version);

        long done = 0, total = 0;
        var caughtUp = true;
        lock (_lock)
        {
            // A consumer is used by one thread at a time; callers share this one under the lock.
            _consumer ??= log.CreateConsumer("_kappa.views.progress");
            for (var partition = 0; partition < planned; partition++)
            {
                if (!partitions.TryGetValue(partition, out var task))
                {
                    caughtUp = false;
                    continue;
                }

                var (low, high) = _consumer.GetWatermarks(new TopicPartition(source, partition));
                var start = Math.Max(version.StartOffset(partition), low);
                var target = version.EndOffset(partition) ?? high;
                var next = task.NextOffset < 0 ? start : task.NextOffset;
                total += Math.Max(0, target - start);
                done += Math.Clamp(next - start, 0, Math.Max(0, target - start));
                caughtUp &= task.Finished || next >= target;
            }

            caughtUp &= MaterializerCaughtUp(version, planned);
        }

        return new ReplayProgress(done, total, caughtUp);
    }

    private bool MaterializerCaughtUp(VersionInfo version, int partitions)
    {
        var changelog = CompiledView.ChangelogTopicOf(version.View, version.Version);
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
