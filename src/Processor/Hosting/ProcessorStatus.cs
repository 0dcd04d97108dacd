using System.Collections.Concurrent;
using Kappa.Processor.Pipeline;

namespace Kappa.Processor.Hosting;

/// <summary>
/// What the running tasks have committed, per view and partition: the accounting counters, the next input offset
/// and the watermark, for the HTTP API, metrics and tests. Tasks report after every commit, so the numbers are
/// those of durable state.
/// </summary>
public sealed class ProcessorStatus
{
    private readonly ConcurrentDictionary<(string View, int Partition), TaskProgress> _progress = new();

    /// <summary>Records a task's progress as of its last commit.</summary>
    public void Report(string view, int partition, TaskProgress progress) => _progress[(view, partition)] = progress;

    /// <summary>The sum of a view's task counters, or null when no task of the view has committed.</summary>
    public TaskCounters? Counters(string view)
    {
        TaskCounters? total = null;
        foreach (var ((name, _), progress) in _progress)
        {
            if (name == view)
            {
                total = (total ?? default) + progress.Counters;
            }
        }

        return total;
    }

    /// <summary>Each reporting partition's progress for a view, by partition.</summary>
    public IReadOnlyDictionary<int, TaskProgress> Partitions(string view) =>
        _progress.Where(p => p.Key.View == view).ToDictionary(p => p.Key.Partition, p => p.Value);
}

/// <summary>A task's durable progress.</summary>
/// <param name="Counters">Where its input went.</param>
/// <param name="NextOffset">The next input offset it will process; negative before its first commit.</param>
/// <param name="Watermark">Its watermark in Unix ms, or <see cref="long.MinValue"/> before any event.</param>
public readonly record struct TaskProgress(TaskCounters Counters, long NextOffset, long Watermark);
