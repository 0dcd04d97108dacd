using Kappa.Log.Abstractions;
using Kappa.Log.Lag;
using Kappa.Processor.Lifecycle;
using Kappa.Views.Health;
using Kappa.Views.Http;
using Kappa.Views.Lag;
using Kappa.Views.Telemetry;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kappa.Views.Hosting;

/// <summary>
/// Registers lag monitoring, metrics (OTLP and <c>/metrics</c>), health checks and the dashboard. Settings come
/// from configuration sections <c>Lag</c> (<see cref="LagThresholds"/>), <c>Telemetry</c>
/// (<see cref="TelemetryOptions"/>) and <c>Health</c> (<see cref="ReadinessOptions"/>).
/// </summary>
public static class ObservabilityHostingExtensions
{
    /// <summary>
    /// Adds the lag monitor and its sampler, Kappa's meter, the exporters and the health checks. The watched groups
    /// come from the log's admin unless an <see cref="IConsumerGroupSource"/> was registered first; with a lifecycle
    /// registered, versions that no longer run are left out (<see cref="RunningVersionsGroupSource"/>).
    /// </summary>
    public static IServiceCollection AddKappaObservability(this IServiceCollection services)
    {
        services.AddOptions<LagThresholds>().BindConfiguration("Lag").ValidateDataAnnotations()
            .Validate(t => t.Problem() is null, "Lag:StopAfter must be longer than Lag:StallAfter, and Lag:MinTrendObservations at most Lag:WindowSize")
            .ValidateOnStart();
        services.AddOptions<TelemetryOptions>().BindConfiguration("Telemetry").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ReadinessOptions>().BindConfiguration("Health").ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IConsumerGroupSource>(sp => new AdminConsumerGroupSource(sp.GetRequiredService<ILog>().Admin));
        services.AddSingleton(sp => new LagMonitor(
            sp.GetRequiredService<ILog>(),
            sp.GetService<ViewLifecycle>() is { } lifecycle
                ? new RunningVersionsGroupSource(sp.GetRequiredService<IConsumerGroupSource>(), lifecycle)
                : sp.GetRequiredService<IConsumerGroupSource>(),
            sp.GetRequiredService<IOptions<LagThresholds>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<LagSamplerService>();
        services.AddMetrics();
        services.AddSingleton<KappaMetrics>();
        services.AddSingleton<ViewLatencyMetrics>();
        services.AddSingleton<PrometheusExporter>();
        services.AddHostedService(sp => sp.GetRequiredService<PrometheusExporter>());
        services.AddHostedService<OtlpExportService>();
        services.AddSingleton<StateRestoreReadiness>();
        services.AddHealthChecks()
            .AddCheck<LagHealthCheck>("lag", tags: [HealthEndpoints.ReadyTag])
            .Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
                "state",
                sp => sp.GetRequiredService<StateRestoreReadiness>(),
                failureStatus: null,
                tags: [HealthEndpoints.ReadyTag]));
        return services;
    }

    /// <summary>Maps <c>/lag</c>, <c>/metrics</c>, <c>/health/live</c>, <c>/health/ready</c> and the dashboard at <c>/</c>.</summary>
    public static IEndpointRouteBuilder MapKappaObservability(this IEndpointRouteBuilder routes)
    {
        routes.MapLagEndpoints();
        routes.MapMetricsEndpoints();
        routes.MapHealthEndpoints();
        routes.MapDashboardEndpoints();
        return routes;
    }
}
