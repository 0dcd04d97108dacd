using Kappa.Processor.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Kappa.Processor.Hosting;

/// <summary>
/// Checks the configured Avro views against their subjects' latest schemas when the host starts (see
/// <see cref="AvroViewCheck"/>). It runs before the processor's tasks start, and after the embedded registry has loaded
/// when that is registered first; a problem fails the start with the definition errors.
/// </summary>
internal sealed class AvroViewCheckService(ViewRegistry views, IOptions<ProcessorOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        AvroViewCheck.CheckAsync(views.All, options.Value.Schemas, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
