using System.Collections.Concurrent;
using Kappa.Processor.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kappa.Views.Health;

/// <summary>
/// Whether every part that restores state at start (processor tasks, materializers, replays) has done so. A part
/// calls <see cref="Restoring"/> before it starts restoring and <see cref="Restored"/> when done; until then
/// <c>GET /health/ready</c> is not ready. Parts that never register are not waited for. Processor tasks that restore
/// their state (a partition moved here) report through <see cref="ProcessorStatus"/>, and are waited for too.
/// </summary>
/// <param name="tasks">The processor's task status, when this server runs a processor.</param>
public sealed class StateRestoreReadiness(ProcessorStatus? tasks = null) : IHealthCheck
{
    private readonly ConcurrentDictionary<string, bool> _parts = new(StringComparer.Ordinal);

    /// <summary>Marks <paramref name="part"/> as restoring its state.</summary>
    public void Restoring(string part) => _parts[part] = false;

    /// <summary>Marks <paramref name="part"/> as restored.</summary>
    public void Restored(string part) => _parts[part] = true;

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var waiting = _parts.Where(p => !p.Value).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        waiting.AddRange(tasks?.RestoringTasks() ?? []);
        return Task.FromResult(waiting.Count == 0
            ? HealthCheckResult.Healthy("state restored")
            : HealthCheckResult.Unhealthy($"restoring state: {string.Join(", ", waiting)}"));
    }
}
