namespace Kappa.Log.Lag;

/// <summary>
/// Burrow's evaluation rules, adapted to what a log's admin API can tell: committed offsets, not commit times.
/// Evaluated on one partition's window, first match wins:
/// <list type="number">
/// <item>REWOUND when the committed offset went back between two observations still in the window.</item>
/// <item>OK when the latest lag is 0: a caught-up consumer is fine however long it has been idle.</item>
/// <item>STOPPED when the committed offset has stood still for <see cref="LagThresholds.StopAfter"/> with lag &gt; 0.</item>
/// <item>STALLED when it has stood still for <see cref="LagThresholds.StallAfter"/> with lag &gt; 0.</item>
/// <item>WARN when the window holds at least <see cref="LagThresholds.MinTrendObservations"/> observations, the lag
/// never shrank from one to the next, and the last is larger than the first: consuming, but falling behind.</item>
/// <item>OK otherwise.</item>
/// </list>
/// Burrow tells STOP (no commits) from STALL (commits of the same offset) by commit times, which neither Kafka's
/// ListConsumerGroupOffsets nor the embedded log reports; here both mean "not moving", and how long tells them apart.
/// </summary>
internal static class LagRules
{
    public static LagStatus Evaluate(PartitionLagWindow window, LagThresholds thresholds, long now)
    {
        var latest = window.Latest;
        if (HasRewound(window))
        {
            return LagStatus.Rewound;
        }

        if (latest.Lag == 0)
        {
            return LagStatus.Ok;
        }

        var still = now - window.LastMovedAt;
        if (still >= (long)thresholds.StopAfter.TotalMilliseconds)
        {
            return LagStatus.Stopped;
        }

        if (still >= (long)thresholds.StallAfter.TotalMilliseconds)
        {
            return LagStatus.Stalled;
        }

        return IsGrowing(window, thresholds.MinTrendObservations) ? LagStatus.Warn : LagStatus.Ok;
    }

    private static bool HasRewound(PartitionLagWindow window)
    {
        long? previous = null;
        foreach (var observation in window.Observations)
        {
            if (observation.Committed < previous)
            {
                return true;
            }

            previous = observation.Committed;
        }

        return false;
    }

    private static bool IsGrowing(PartitionLagWindow window, int minObservations)
    {
        if (window.Observations.Count < minObservations)
        {
            return false;
        }

        long? first = null;
        long previous = 0;
        foreach (var observation in window.Observations)
        {
            if (first is not null && observation.Lag < previous)
            {
                return false;
            }

            first ??= observation.Lag;
            previous = observation.Lag;
        }

        return previous > first;
    }
}
