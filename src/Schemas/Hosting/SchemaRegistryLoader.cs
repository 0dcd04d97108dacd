using Kappa.Schemas.Registry;
using Microsoft.Extensions.Hosting;

namespace Kappa.Schemas.Hosting;

/// <summary>
/// Rebuilds the registry from its topic when the host starts. A failure (an unreadable topic, a foreign record
/// in it) fails the start: a registry that forgot ids would frame new values with ids old ones already use.
/// </summary>
internal sealed class SchemaRegistryLoader(SchemaRegistry registry) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => registry.LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
