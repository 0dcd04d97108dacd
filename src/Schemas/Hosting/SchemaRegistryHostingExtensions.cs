using Kappa.Contracts.Avro.Confluent;
using Kappa.Schemas.Http;
using Kappa.Schemas.Registry;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kappa.Schemas.Hosting;

/// <summary>Registers the embedded schema registry: Confluent's REST API over a compacted topic of the log.</summary>
public static class SchemaRegistryHostingExtensions
{
    /// <summary>The path prefix of the registry's API: a client's base URL is <c>http://host:port/schemas</c>.</summary>
    public const string PathPrefix = "/schemas";

    /// <summary>
    /// Adds the registry and its loader, which rebuilds it from its topic at start, and makes the registry the
    /// <see cref="ISchemaSource"/> unless one (an external registry's client) is registered already. Needs an
    /// <see cref="Log.Abstractions.ILog"/> in the container. Register it before the processor, so that the registry has
    /// loaded when the processor's start-up checks read it.
    /// </summary>
    public static IServiceCollection AddKappaSchemaRegistry(this IServiceCollection services, Action<SchemaRegistryOptions>? configure = null)
    {
        services.AddOptions<SchemaRegistryOptions>().Configure(configure ?? (_ => { })).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SchemaRegistry>();
        services.AddHostedService<SchemaRegistryLoader>();
        services.TryAddSingleton<ISchemaSource, EmbeddedSchemaSource>();
        return services;
    }

    /// <summary>Maps the registry's API under <see cref="PathPrefix"/>.</summary>
    public static IEndpointRouteBuilder MapKappaSchemaRegistry(this IEndpointRouteBuilder routes)
    {
        routes.MapSchemaRegistryEndpoints(PathPrefix);
        return routes;
    }
}
