namespace Kappa.Log.Lag;

/// <summary>
/// How a consumer group is doing on a partition, after Burrow's evaluation rules. Members are ordered by
/// severity, so a group's status is the maximum of its partitions'. The rules and thresholds are in
/// <see cref="LagRules"/> and <see cref="LagThresholds"/>, and in docs/lag.md.
/// </summary>
public enum LagStatus
{
    /// <summary>Caught up, or consuming and not falling behind.</summary>
    Ok = 0,

    /// <summary>Consuming, but the lag grew over the whole window of observations.</summary>
    Warn = 1,

    /// <summary>The committed offset went back within the window (a reset or a rewind).</summary>
    Rewound = 2,

    /// <summary>The committed offset has not moved for <see cref="LagThresholds.StallAfter"/> while lag &gt; 0.</summary>
    Stalled = 3,

    /// <summary>The committed offset has not moved for <see cref="LagThresholds.StopAfter"/> while lag &gt; 0.</summary>
    Stopped = 4,
}
