using Kappa.Views.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Kappa.Views.Tests.Hosting;

/// <summary>
/// Kestrel schedules requests inline on its socket I/O threads only when told: it does not read
/// <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c> by itself. (The test process runs without that variable; the
/// servers the CLI's end-to-end tests start run with it, as <c>./kappa</c> starts them.)
/// </summary>
public sealed class SocketTransportTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_transport_schedules_inline_as_told(bool inline)
    {
        Assert.Equal(inline, await InlineSchedulingAsync(b => b.WebHost.UseKappaSocketTransport(inline)));
    }

    private static async Task<bool> InlineSchedulingAsync(Action<WebApplicationBuilder> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        configure(builder);
        await using var app = builder.Build();
        return app.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.UnsafePreferInlineScheduling;
    }
}
