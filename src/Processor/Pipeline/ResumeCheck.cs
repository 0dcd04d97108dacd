using Kappa.Log.Abstractions;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// A task resumes where its state says. If the log no longer holds that position (retention deleted records the
/// task never read, or the log was truncated or recreated under it), resuming would silently lose or double count
/// input; the task refuses, loudly, and the view must be rebuilt from a complete log.
/// </summary>
internal static class ResumeCheck
{
    public static void Ensure(ILogConsumer consumer, CompiledView view, int version, int partition, long start)
    {
        if (start < 0)
        {
            return;
        }

        var (low, high) = consumer.GetWatermarks(new TopicPartition(view.Source, partition));
        if (start < low || start > high)
        {
            throw new InvalidOperationException(
                $"view {view.Name}.v{version} cannot resume {view.Source}[{partition}] at offset {start}: the log holds offsets " +
                $"{low} to {high - 1}. " + (start < low
                    ? "Retention deleted records this view never processed; raise the topic's retention and rebuild the view."
                    : "The log is shorter than the view's state (truncated or recreated); rebuild the view from the log."));
        }
    }

    /// <summary>
    /// A task restoring its state replays its partition from <paramref name="from"/> (or the start of the log) up to
    /// <paramref name="to"/>, the committed offset: the log must still hold all of it.
    /// </summary>
    public static void EnsureRestorable(ILogConsumer consumer, CompiledView view, int version, int partition, long from, long to)
    {
        var (low, high) = consumer.GetWatermarks(new TopicPartition(view.Source, partition));
        var first = Math.Max(from, 0);
        if (first < low || to > high)
        {
            throw new InvalidOperationException(
                $"view {view.Name}.v{version} cannot restore its state for {view.Source}[{partition}]: it must replay offsets " +
                $"{first} to {to - 1}, and the log holds offsets {low} to {high - 1}. " + (first < low
                    ? "Retention deleted input the state depends on; raise the topic's retention and rebuild the view."
                    : "The log is shorter than the committed progress (truncated or recreated); rebuild the view from the log."));
        }
    }
}
