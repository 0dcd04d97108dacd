using Kappa.Contracts.Avro.Confluent;
using Kappa.Processor.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kappa.Processor.Hosting;

/// <summary>
/// Checks the configured Avro views against their subjects' latest schemas when the host starts (see
/// <see cref="AvroViewCheck"/>), before the lifecycle gives a new view its first version and before any task runs; a
/// problem fails the start with the definition errors. The registry must be registered (and so loaded) before it.
/// </summary>
internal sealed class AvroViewCheckService(ViewRegistry views, IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        AvroViewCheck.CheckAsync(views.All, services.GetService<ISchemaSource>(), cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
