using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Kappa.Log.Embedded.Storage;

/// <summary>
/// Walks the frames of a segment file forward from a frame boundary with large sequential reads. It stops at the
/// end, or at bytes that do not hold a complete frame (a torn tail); it does not check CRCs, callers that need to
/// do. The current frame's bytes are valid until the next <see cref="MoveNext"/>.
/// </summary>
internal sealed class FrameScanner : IDisposable
{
    private const int MinimumFrameLength = FrameFormat.HeaderSize + FrameFormat.RecordOverhead;

    private readonly SafeFileHandle _handle;
    private readonly long _end;
    private byte[] _buffer;
    private long _bufferStart;
    private int _bufferLength;
    private int _cursor;
    private int _frameLength;

    public FrameScanner(SafeFileHandle handle, long start, long end, int bufferSize)
    {
        _handle = handle;
        _end = end;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        _bufferStart = start;
    }

    /// <summary>The file position of the current frame.</summary>
    public long Position => _bufferStart + _cursor;

    /// <summary>The current frame.</summary>
    public ReadOnlySpan<byte> Frame => _buffer.AsSpan(_cursor, _frameLength);

    /// <summary>
    /// Moves to the next frame. False at the end, or when what follows is not a complete frame: its length is
    /// implausible or runs past the end.
    /// </summary>
    public bool MoveNext()
    {
        _cursor += _frameLength;
        _frameLength = 0;
        while (true)
        {
            var available = _bufferLength - _cursor;
            var needed = FrameFormat.HeaderSize;
            if (available >= FrameFormat.HeaderSize)
            {
                var length = FrameFormat.ReadLength(_buffer.AsSpan(_cursor));
                if (length < MinimumFrameLength || length > _end - Position)
                {
                    return false;
                }

                if (length <= available)
                {
                    _frameLength = length;
                    return true;
                }

                needed = length;
            }

            if (!Refill(available, needed))
            {
                return false;
            }
        }
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

    private bool Refill(int available, int needed)
    {
        var filePosition = Position;
        if (filePosition + available >= _end)
        {
            return false;
        }

        if (needed > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(needed);
            _buffer.AsSpan(_cursor, available).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        else
        {
            _buffer.AsSpan(_cursor, available).CopyTo(_buffer);
        }

        _bufferStart = filePosition;
        _cursor = 0;
        _bufferLength = available;
        var toRead = (int)Math.Min(_buffer.Length - available, _end - filePosition - available);
        var read = RandomAccess.Read(_handle, _buffer.AsSpan(available, toRead), filePosition + available);
        _bufferLength += read;
        return read > 0;
    }
}
