using System.IO.Pipelines;

namespace Kappa.Views.Http;

/// <summary>
/// A response's <see cref="PipeWriter"/> that brings its caller back to the thread pool after a flush, write or
/// completion that had to wait (<see cref="PoolResumption"/>), as <see cref="PoolResumingStream"/> does for the body
/// stream. Buffers are the server's own: what is written and not flushed stays in the server's pipe, which the server
/// flushes when the request ends, as it would without this wrapper.
/// </summary>
internal sealed class PoolResumingPipeWriter(PipeWriter inner) : PipeWriter
{
    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;

    public override void Advance(int bytes) => inner.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => PoolResumption.After(inner.CompleteAsync(exception));

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
        PoolResumption.After(inner.FlushAsync(cancellationToken));

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default) =>
        PoolResumption.After(inner.WriteAsync(source, cancellationToken));
}
