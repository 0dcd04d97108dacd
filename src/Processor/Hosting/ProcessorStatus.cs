using System.Collections.Concurrent;
using Kappa.Processor.Pipeline;

namespace Kappa.Processor.Hosting;

/// <summary>
/// What the running tasks have committed, per view version and partition: the accounting counters, the next input
/// offset and the watermark, for the HTTP API, replay progress, metrics and tests. Tasks report after every commit,
/// so the numbers are those of durable state. A version that stops running is forgotten.
/// </summary>
public sealed class ProcessorStatus
{
    private readonly ConcurrentDictionary<(string View, int Version, int Partition), TaskProgress> _progress = new();
    private readonly ConcurrentDictionary<(string View, int Version), int> _planned = new();
    private readonly ConcurrentDictionary<(string View, int Version, int Partition), byte> _restoring = new();

    /// <summary>Records that a task has started restoring its state; until <see cref="Restored"/> it is not ready.</summary>
    public void Restoring(string view, int version, int partition) => _restoring[(view, version, partition)] = 0;

    /// <summary>The tasks restoring their state now, as <c>view.vN[partition]</c>.</summary>
    public IReadOnlyList<string> RestoringTasks() =>
        [.. _restoring.Keys.Select(k => $"{k.View}.v{k.Version}[{k.Partition}]").Order(StringComparer.Ordinal)];

    /// <summary>Records that a task has restored its state.</summary>
    public void Restored(string view, int version, int partition) => _restoring.TryRemove((view, version, partition), out _);

    /// <summary>Records how many partitions a version has (its tasks may run here or in other processes), before any task reports.</summary>
    public void Plan(string view, int version, int partitions) => _planned[(view, version)] = partitions;

    /// <summary>
    /// How many partitions a version has, or 0 when no task of it runs in this process. Progress over fewer reporting
    /// partitions than this is incomplete here: tasks start one after another and report once their state is open,
    /// and on Kafka other processes may own some partitions.
    /// </summary>
    public int PlannedPartitions(string view, int version) => _planned.GetValueOrDefault((view, version));

    /// <summary>Records a task's progress as of its last commit.</summary>
    public void Report(string view, int version, int partition, TaskProgress progress) => _progress[(view, version, partition)] = progress;

    /// <summary>
    /// Records a task's progress as another process published it (<see cref="ProgressTopic"/>). A report never goes
    /// back: when this process runs the task too, its own newer report stays.
    /// </summary>
    public void Absorb(string view, int version, int partition, TaskProgress progress) =>
        _progress.AddOrUpdate((view, version, partition), progress, (_, known) => progress.NextOffset >= known.NextOffset ? progress : known);

    /// <summary>The sum of a version's task counters, or null when none of its tasks has reported.</summary>
    public TaskCounters? Counters(string view, int version)
    {
        TaskCounters? total = null;
        foreach (var ((name, number, _), progress) in _progress)
        {
            if (name == view && number == version)
            {
                total = (total ?? default) + progress.Counters;
            }
        }

        return total;
    }

    /// <summary>Each reporting partition's progress for a version, by partition.</summary>
    public IReadOnlyDictionary<int, TaskProgress> Partitions(string view, int version) =>
        _progress.Where(p => p.Key.View == view && p.Key.Version == version).ToDictionary(p => p.Key.Partition, p => p.Value);

    /// <summary>Forgets a partition whose task no longer runs here: another process owns it now.</summary>
    public void Forget(string view, int version, int partition)
    {
        _progress.TryRemove((view, version, partition), out _);
        _restoring.TryRemove((view, version, partition), out _);
    }

    /// <summary>Forgets a version that no longer runs here.</summary>
    public void Forget(string view, int version)
    {
        _planned.TryRemove((view, version), out _);
        foreach (var key in _progress.Keys.Concat(_restoring.Keys))
        {
            if (key.View == view && key.Version == version)
            {
                _progress.TryRemove(key, out _);
                _restoring.TryRemove(key, out _);
            }
        }
    }
}

/// <summary>A task's durable progress.</summary>
/// <param name="Counters">Where its input went.</param>
/// <param name="NextOffset">The next input offset it will process; negative before its first commit.</param>
/// <param name="Watermark">Its watermark in Unix ms, or <see cref="long.MinValue"/> before any event.</param>
/// <param name="Finished">Whether it reached its end offset and stopped (a bounded replay).</param>
public readonly record struct TaskProgress(TaskCounters Counters, long NextOffset, long Watermark, bool Finished = false);
