using System.ComponentModel.DataAnnotations;

namespace Kappa.Views.Health;

/// <summary>When <c>GET /health/ready</c> says ready, bound from configuration section <c>Health</c>.</summary>
public sealed class ReadinessOptions
{
    /// <summary>
    /// The largest lag in seconds of any consumer group that still counts as ready; 300 s by default. Lag in
    /// seconds is measured from record timestamps, so a server catching up on old events is not ready until it has.
    /// </summary>
    [Range(0.0, double.MaxValue)]
    public double MaxLagSeconds { get; set; } = 300;
}
