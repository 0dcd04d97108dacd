using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace Kappa.Views.Http;

/// <summary>
/// The server's response body with its stream and writer wrapped to bring their callers back to the thread pool after
/// any operation that had to wait (<see cref="IoThreadHandoff"/>). It replaces the server's feature rather than
/// setting <c>Response.Body</c>: that would put a buffering writer of ASP.NET Core's in front of the server's, whose
/// unflushed bytes nothing sends when the request ends.
/// </summary>
internal sealed class PoolResumingResponseBody(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
{
    public Stream Stream { get; } = new PoolResumingStream(inner.Stream);

    public PipeWriter Writer { get; } = new PoolResumingPipeWriter(inner.Writer);

    public void DisableBuffering() => inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => PoolResumption.After(inner.StartAsync(cancellationToken));

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        PoolResumption.After(inner.SendFileAsync(path, offset, count, cancellationToken));

    public Task CompleteAsync() => PoolResumption.After(inner.CompleteAsync());
}
