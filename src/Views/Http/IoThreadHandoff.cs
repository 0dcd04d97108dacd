using Kappa.Views.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

namespace Kappa.Views.Http;

/// <summary>
/// Hands a request that arrived on a socket I/O thread to the thread pool, unless its endpoint is marked
/// <see cref="IoThreadEndpoints.RunsOnIoThread"/>.
/// <para>
/// kappa runs with inline socket completions (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c> in
/// <c>scripts/runtime.env</c>), and then Kestrel schedules inline too
/// (<see cref="ViewsHostingExtensions.UseKappaSocketTransport(IWebHostBuilder)"/>): a request runs on the socket
/// engine's thread its bytes arrived on, one per core, instead of on a pool thread woken for it. That hand-off, a
/// thread woken and switched to, is what a point query spends most on here. The price is that whatever runs on an
/// engine thread holds up every connection that thread serves, so only endpoints that are short and never wait may
/// stay there; every other request continues on the pool, as all requests do without inline scheduling.
/// </para>
/// <para>
/// Under inline scheduling every request not marked gets bodies that bring it back to the pool after any read, write
/// or flush that waited (<see cref="PoolResumingStream"/>, <see cref="PoolResumingResponseBody"/>), whether it started
/// on an I/O thread or on the pool: such an operation is resumed by the I/O thread that moved the bytes, and the
/// handler would otherwise go on running there. A marked endpoint's failure leaves for the pool before error handling
/// sees it. Invariant: a request's handler runs on an I/O thread only if its endpoint carries
/// <see cref="RunsOnIoThreadMetadata"/>. Without inline scheduling requests arrive on pool threads and pass straight
/// through.
/// </para>
/// </summary>
internal sealed class IoThreadHandoff(RequestDelegate next, IOptions<SocketTransportOptions> transport)
{
    private readonly bool _inline = transport.Value.UnsafePreferInlineScheduling;

    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<RunsOnIoThreadMetadata>() is not null)
        {
            return RunHereAsync(context);
        }

        // Whatever thread a request starts on (Kestrel starts a connection's first request, and one already buffered
        // when the one before it ends, on the pool), under inline scheduling its bodies' waits end on I/O threads.
        if (_inline)
        {
            context.Request.Body = new PoolResumingStream(context.Request.Body);
            if (context.Features.Get<IHttpResponseBodyFeature>() is { } body)
            {
                context.Features.Set<IHttpResponseBodyFeature>(new PoolResumingResponseBody(body));
            }
        }

        return Thread.CurrentThread.IsThreadPoolThread ? next(context) : HandOffAsync(context);
    }

    /// <summary>Runs a marked endpoint where it is; a failure leaves for the pool before error handling sees it.</summary>
    private async Task RunHereAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch
        {
            // The exception handler logs and writes a problem details response (a malformed parameter of a point
            // query is a bad-request exception): work that may wait, which must not hold up an I/O thread.
            await PoolThread.Enter();
            throw;
        }
    }

    private async Task HandOffAsync(HttpContext context)
    {
        await PoolThread.Enter();
        await next(context);
    }
}

/// <summary>Marks endpoints that may run on a socket I/O thread (see <see cref="IoThreadHandoff"/>).</summary>
internal static class IoThreadEndpoints
{
    /// <summary>
    /// Lets the endpoint run on the socket I/O thread its request arrived on: only for handlers whose work is short and
    /// bounded, that never block or wait on another thread.
    /// </summary>
    public static TBuilder RunsOnIoThread<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(RunsOnIoThreadMetadata.Instance);
}

/// <summary>The metadata of an endpoint that may run on a socket I/O thread.</summary>
internal sealed class RunsOnIoThreadMetadata
{
    public static RunsOnIoThreadMetadata Instance { get; } = new();
}
