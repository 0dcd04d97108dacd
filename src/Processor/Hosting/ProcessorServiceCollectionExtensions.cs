using Kappa.Contracts.Avro.Confluent;
using Kappa.Processor.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kappa.Processor.Hosting;

/// <summary>Registers the processor in a host.</summary>
public static class ProcessorServiceCollectionExtensions
{
    /// <summary>
    /// Adds the processor workers and the view lifecycle they follow. Needs an <see cref="Log.Abstractions.ILog"/>
    /// and a <see cref="ViewRegistry"/> in the container; options are bound from the configuration section
    /// <see cref="ProcessorOptions.Section"/> of the container's <c>IConfiguration</c> (a host always has one), then
    /// <paramref name="configure"/> runs, and they are validated at start-up. An
    /// <see cref="ISchemaSource"/> in the container, if any, becomes <see cref="ProcessorOptions.Schemas"/> (unless
    /// <paramref name="configure"/> sets one).
    /// </summary>
    public static IServiceCollection AddKappaProcessor(this IServiceCollection services, Action<ProcessorOptions> configure)
    {
        services.AddOptions<ProcessorOptions>()
            .BindConfiguration(ProcessorOptions.Section)
            .Configure<IServiceProvider>((options, provider) => options.Schemas ??= provider.GetService<ISchemaSource>())
            .Configure(configure)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<ProcessorStatus>();
        services.AddMetrics();
        services.TryAddSingleton<Telemetry.ProcessorMetrics>();
        services.AddHostedService<ProcessorService>();
        return services;
    }

    /// <summary>
    /// Adds the view lifecycle: the fold of the control topic, its writer, and the service that keeps it current.
    /// Register it before the processor and the views, so it has caught up before they start. Adding it twice adds it once.
    /// Before the lifecycle starts (and gives new views their first version), the configured Avro views are checked
    /// against their subjects in the container's <see cref="ISchemaSource"/>: register the schema registry first, so
    /// that it has loaded by then. Options are bound from configuration section <see cref="LifecycleOptions.Section"/>,
    /// then <paramref name="configure"/> runs.
    /// </summary>
    public static IServiceCollection AddKappaLifecycle(this IServiceCollection services, Action<LifecycleOptions> configure)
    {
        if (services.Any(d => d.ServiceType == typeof(ViewLifecycle)))
        {
            return services;
        }

        services.AddOptions<LifecycleOptions>().BindConfiguration(LifecycleOptions.Section).Configure(configure).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ViewLifecycle>();
        services.AddSingleton<VersionedViews>();
        services.AddSingleton<ControlWriter>();
        services.TryAddSingleton<ProcessorStatus>();
        services.AddHostedService<AvroViewCheckService>();
        services.AddHostedService<LifecycleService>();
        return services;
    }
}
