using System.Collections.Concurrent;
using Kappa.Processor.Pipeline;

namespace Kappa.Processor.Hosting;

/// <summary>
/// What the running tasks have committed, per view and partition: the accounting counters, for the HTTP API,
/// metrics and tests. Tasks publish after every commit, so the numbers are those of durable state.
/// </summary>
public sealed class ProcessorStatus
{
    private readonly ConcurrentDictionary<(string View, int Partition), TaskCounters> _counters = new();

    /// <summary>Records a task's counters as of its last commit.</summary>
    public void Report(string view, int partition, TaskCounters counters) => _counters[(view, partition)] = counters;

    /// <summary>The sum of a view's task counters, or null when no task of the view has committed.</summary>
    public TaskCounters? Counters(string view)
    {
        TaskCounters? total = null;
        foreach (var ((name, _), counters) in _counters)
        {
            if (name == view)
            {
                total = (total ?? default) + counters;
            }
        }

        return total;
    }
}
