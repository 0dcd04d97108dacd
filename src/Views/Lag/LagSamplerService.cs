using Kappa.Log.Lag;
using Microsoft.Extensions.Hosting;

namespace Kappa.Views.Lag;

/// <summary>
/// Samples every watched consumer group once per <see cref="LagThresholds.SampleInterval"/>, so lag is measured
/// against the live log end and a stopped consumer's lag keeps growing. A failed sample is not swallowed: it
/// faults the service and stops the host.
/// </summary>
internal sealed class LagSamplerService(LagMonitor monitor, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(monitor.Thresholds.SampleInterval, time);
        try
        {
            do
            {
                await monitor.SampleAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }
}
