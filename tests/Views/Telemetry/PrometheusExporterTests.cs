using System.Diagnostics.Metrics;
using Kappa.Views.Telemetry;
using Kappa.Views.Tests.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kappa.Views.Tests.Telemetry;

/// <summary>
/// Measurements are recorded on whatever thread makes them, socket I/O threads among them (a point query's latency), so
/// they must not wait for a scrape whose observable instruments' callbacks are slow (reading a store that a drop holds).
/// </summary>
[Trait("Category", "Integration")]
public sealed class PrometheusExporterTests
{
    [Fact]
    public async Task A_measurement_does_not_wait_for_a_scrapes_slow_observable_callbacks()
    {
        await using var api = await ApiFixture.StartAsync();
        var exporter = api.App.Services.GetRequiredService<PrometheusExporter>();
        var meter = api.App.Services.GetRequiredService<IMeterFactory>().Create(KappaMetrics.MeterName);
        using var observing = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        meter.CreateObservableGauge("kappa.test.slow", () =>
        {
            observing.Set();
            release.Wait(TimeSpan.FromSeconds(30));
            return 1;
        });
        var histogram = meter.CreateHistogram<double>("kappa.test.latency");

        var scrape = Task.Run(exporter.Scrape);
        try
        {
            Assert.True(observing.Wait(TimeSpan.FromSeconds(30)));
            await Task.Run(() => histogram.Record(0.5)).WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            release.Set();
        }

        var text = await scrape;
        Assert.Contains("kappa_test_slow 1", text, StringComparison.Ordinal);
        Assert.Contains("kappa_test_latency_count 1", text, StringComparison.Ordinal);
    }
}
