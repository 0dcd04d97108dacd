using Kappa.Contracts;
using Kappa.Views.Http;
using Kappa.Views.Materialization;
using Kappa.Views.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kappa.Views.Hosting;

/// <summary>Registers the views server: store, materializers and HTTP API.</summary>
public static class ViewsHostingExtensions
{
    /// <summary>
    /// Adds the view store, the catalog and the materializers. Needs an <see cref="Log.Abstractions.ILog"/>,
    /// a <see cref="Processor.Hosting.ViewRegistry"/> and the view lifecycle
    /// (<see cref="Processor.Hosting.ProcessorServiceCollectionExtensions.AddKappaLifecycle"/>, registered first) in the container.
    /// </summary>
    public static IServiceCollection AddKappaViews(this IServiceCollection services, Action<ViewsOptions> configure)
    {
        services.AddKappaViewsMonitoring(configure);
        services.AddHostedService<MaterializerService>();
        services.AddHostedService<Progress.TaskProgressFollower>();
        return services;
    }

    /// <summary>
    /// Adds what watches views without materializing them: the store (which stays empty), the catalog, lag, metrics
    /// and health. A processor-only server (<c>kappa run --role processor</c>) uses it to serve its health, lag and
    /// metrics; <see cref="AddKappaViews"/> adds it too. Options are bound from the configuration section
    /// <see cref="ViewsOptions.Section"/> of the container's <c>IConfiguration</c> (a host always has one), then
    /// <paramref name="configure"/> runs, and they are validated at start-up.
    /// </summary>
    public static IServiceCollection AddKappaViewsMonitoring(this IServiceCollection services, Action<ViewsOptions> configure)
    {
        if (services.Any(d => d.ServiceType == typeof(ViewCatalog)))
        {
            return services;
        }

        services.AddOptions<ViewsOptions>().BindConfiguration(ViewsOptions.Section).Configure(configure).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ViewsOptions>>().Value;
            return ViewStore.Open(options.StoreDirectory, options.BlockCacheBytes);
        });
        services.AddSingleton<ViewCatalog>();
        services.AddSingleton<VersionProgress>();
        services.AddSingleton<AdminTokenFilter>();
        services.ConfigureHttpJsonOptions(o => KappaJson.Apply(o.SerializerOptions));
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi();
        services.AddSingleton(TimeProvider.System);
        services.AddKappaObservability();
        return services;
    }

    /// <summary>Maps the HTTP API: views, topics, and the OpenAPI document at <c>/openapi/v1.json</c>.</summary>
    public static IEndpointRouteBuilder MapKappaApi(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi();
        routes.MapViewEndpoints();
        routes.MapTopicEndpoints();
        routes.MapKappaObservability();
        return routes;
    }

    /// <summary>Maps what a processor-only server answers: <c>/lag</c>, <c>/metrics</c>, <c>/health/live</c> and <c>/health/ready</c>.</summary>
    public static IEndpointRouteBuilder MapKappaOperations(this IEndpointRouteBuilder routes)
    {
        routes.MapLagEndpoints();
        routes.MapMetricsEndpoints();
        routes.MapHealthEndpoints();
        return routes;
    }

    /// <summary>
    /// Answers 401 to admin requests without the admin token before their bodies are read. The endpoints also guard
    /// themselves, so a host without this middleware still refuses them, only after reading the body.
    /// </summary>
    public static IApplicationBuilder UseKappaAdminToken(this IApplicationBuilder app) => app.UseMiddleware<AdminTokenMiddleware>();

    /// <summary>
    /// Hands requests that arrive on a socket I/O thread (under inline scheduling, see
    /// <see cref="UseKappaSocketTransport(IWebHostBuilder)"/>) to the thread pool, except those of endpoints short
    /// enough to answer there: point queries. See <see cref="IoThreadHandoff"/>. Add it before middleware that may
    /// block.
    /// </summary>
    public static IApplicationBuilder UseKappaIoThreadHandoff(this IApplicationBuilder app) => app.UseMiddleware<IoThreadHandoff>();

    /// <summary>
    /// Serves HTTP over Kestrel's socket transport, scheduling requests inline on the socket I/O threads exactly when
    /// the runtime completes socket operations on them (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>, which
    /// kappa runs with). Kestrel does not follow that variable by itself: without this its pipes queue every request
    /// to the thread pool after the I/O thread has read it. Use it with <see cref="UseKappaIoThreadHandoff"/>, which
    /// keeps all but point queries off those threads.
    /// </summary>
    public static IWebHostBuilder UseKappaSocketTransport(this IWebHostBuilder builder) =>
        builder.UseKappaSocketTransport(InlineSocketCompletions);

    /// <summary>Serves HTTP over Kestrel's socket transport, scheduling requests inline on its I/O threads or not.</summary>
    internal static IWebHostBuilder UseKappaSocketTransport(this IWebHostBuilder builder, bool inline) =>
        builder.UseSockets(o => o.UnsafePreferInlineScheduling = inline);

    /// <summary>Whether the runtime completes socket operations on its I/O threads; it reads the variable once, at start.</summary>
    internal static bool InlineSocketCompletions { get; } =
        Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") == "1";
}
