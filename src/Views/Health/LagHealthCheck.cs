using System.Globalization;
using Kappa.Log.Lag;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Kappa.Views.Health;

/// <summary>Ready when the lag has been sampled and no group lags by more than <see cref="ReadinessOptions.MaxLagSeconds"/>.</summary>
internal sealed class LagHealthCheck(LagMonitor monitor, IOptions<ReadinessOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!monitor.HasSampled)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("lag has not been sampled yet"));
        }

        var report = monitor.Current;
        var max = options.Value.MaxLagSeconds;
        var worst = report.Groups.Where(g => g.LagSeconds > max).Select(g => $"{g.Group} ({g.LagSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s)").ToList();
        return Task.FromResult(worst.Count == 0
            ? HealthCheckResult.Healthy($"every group lags by at most {max.ToString(CultureInfo.InvariantCulture)} s")
            : HealthCheckResult.Unhealthy($"lagging by more than {max.ToString(CultureInfo.InvariantCulture)} s: {string.Join(", ", worst)}"));
    }
}
