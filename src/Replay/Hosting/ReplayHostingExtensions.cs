using Kappa.Replay.Commands;
using Kappa.Replay.Http;
using Kappa.Replay.Planning;
using Kappa.Replay.Running;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kappa.Replay.Hosting;

/// <summary>Registers replay: planning, the lifecycle commands, the coordinator and their HTTP API.</summary>
public static class ReplayHostingExtensions
{
    /// <summary>
    /// Adds replay to a server that runs the processor and the views (it needs both: it watches tasks and reads
    /// the store).
    /// </summary>
    public static IServiceCollection AddKappaReplay(this IServiceCollection services)
    {
        services.AddSingleton<ReplayPlanner>();
        services.AddSingleton<VersionCommands>();
        services.AddHostedService<ReplayCoordinator>();
        return services;
    }

    /// <summary>Maps the lifecycle API under <c>/views/{view}</c>.</summary>
    public static IEndpointRouteBuilder MapKappaReplay(this IEndpointRouteBuilder routes) => routes.MapReplayEndpoints();
}
