using System.ComponentModel.DataAnnotations;

namespace Kappa.Log.Lag;

/// <summary>
/// The thresholds of <see cref="LagRules"/>, bound from configuration section <c>Lag</c>. The defaults suit
/// Kappa's own groups, which commit about once a second while they work.
/// </summary>
public sealed class LagThresholds
{
    /// <summary>How often the sampler observes every group; 1 s by default.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Observations kept per partition (the sliding window); 10 by default.</summary>
    [Range(2, 1_000)]
    public int WindowSize { get; set; } = 10;

    /// <summary>
    /// WARN needs at least this many observations in the window, each with lag no smaller than the one before
    /// and the last larger than the first; 5 by default, so one slow commit does not warn.
    /// </summary>
    [Range(2, 1_000)]
    public int MinTrendObservations { get; set; } = 5;

    /// <summary>STALLED: the committed offset has stood still this long while lag &gt; 0; 15 s by default.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "7.00:00:00")]
    public TimeSpan StallAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>STOPPED: the committed offset has stood still this long while lag &gt; 0; 60 s by default.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "7.00:00:00")]
    public TimeSpan StopAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Why the thresholds contradict each other, or null when they do not.</summary>
    public string? Problem() =>
        StopAfter <= StallAfter ? $"Lag:StopAfter ({StopAfter}) must be longer than Lag:StallAfter ({StallAfter})"
        : MinTrendObservations > WindowSize ? $"Lag:MinTrendObservations ({MinTrendObservations}) cannot exceed Lag:WindowSize ({WindowSize})"
        : null;

    /// <summary>Throws a <see cref="ValidationException"/> when <see cref="Problem"/> finds one.</summary>
    public void Validate()
    {
        if (Problem() is { } problem)
        {
            throw new ValidationException(problem);
        }
    }
}
