namespace Kappa.Views.Http;

/// <summary>
/// A request or response body that brings its caller back to the thread pool after every read, write or flush that
/// had to wait, whether it succeeded or failed (<see cref="PoolResumption"/>).
/// <para>
/// Under Kestrel's inline scheduling (see <see cref="IoThreadHandoff"/>) a body operation that waits is resumed by
/// the socket I/O thread that received the bytes or sent the buffered ones, and without this wrapper the handler
/// would go on running there. Invariant: when an awaited operation of this stream completes, its caller runs on a
/// pool thread, unless the operation completed without waiting, in which case the caller stays where it was. It never
/// disposes the inner stream: the server owns the bodies it made.
/// </para>
/// </summary>
internal sealed class PoolResumingStream(Stream inner) : Stream
{
    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        PoolResumption.After(inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        PoolResumption.After(inner.WriteAsync(buffer, cancellationToken));

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        PoolResumption.After(inner.FlushAsync(cancellationToken));

    // Synchronous I/O is the server's to allow or refuse (Kestrel refuses it by default); it blocks its own thread, so
    // there is nothing to resume.
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void SetLength(long value) => inner.SetLength(value);
}
