using Microsoft.Extensions.DependencyInjection;

namespace Kappa.Processor.Hosting;

/// <summary>Registers the processor in a host.</summary>
public static class ProcessorServiceCollectionExtensions
{
    /// <summary>
    /// Adds the processor workers. Needs an <see cref="Log.Abstractions.ILog"/> and a
    /// <see cref="ViewRegistry"/> in the container; options are validated at start-up.
    /// </summary>
    public static IServiceCollection AddKappaProcessor(this IServiceCollection services, Action<ProcessorOptions> configure)
    {
        services.AddOptions<ProcessorOptions>().Configure(configure).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ProcessorStatus>();
        services.AddHostedService<ProcessorService>();
        return services;
    }
}
