using Kappa.Processor.Hosting;
using Kappa.Views.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit;

namespace Kappa.Views.Tests.Health;

public sealed class StateRestoreReadinessTests
{
    [Fact]
    public async Task A_task_restoring_its_state_keeps_the_server_not_ready_until_it_has_restored()
    {
        var status = new ProcessorStatus();
        var readiness = new StateRestoreReadiness(status);
        status.Restoring("orders", 2, 5);

        var restoring = await readiness.CheckHealthAsync(new HealthCheckContext());
        status.Restored("orders", 2, 5);
        var restored = await readiness.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, restoring.Status);
        Assert.Contains("orders.v2[5]", restoring.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, restored.Status);
    }
}
