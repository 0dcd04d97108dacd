using System.Buffers;

namespace Kappa.Log.Embedded.Storage;

/// <summary>
/// The frames of one append to one partition, contiguous in a pooled buffer so the partition writes them with
/// a single call. Base offsets are not yet set. Owned by one caller; <see cref="Dispose"/> returns the buffer.
/// </summary>
internal readonly struct EncodedFrames : IDisposable
{
    public EncodedFrames(byte[] buffer, int length, int recordCount)
    {
        Buffer = buffer;
        Length = length;
        RecordCount = recordCount;
    }

    public byte[] Buffer { get; }

    public int Length { get; }

    public int RecordCount { get; }

    public Span<byte> Span => Buffer.AsSpan(0, Length);

    public void Dispose() => ArrayPool<byte>.Shared.Return(Buffer);
}
