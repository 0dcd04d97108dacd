using System.Runtime.InteropServices;

namespace Kappa.Storage.Native;

/// <summary>
/// A growable block of native memory for a key RocksDB keeps a pointer to (an iterate bound). Native memory does not
/// move, so the pointer stays valid without pinning until the buffer grows or is freed; the owner guarantees neither
/// happens while RocksDB may read it.
/// </summary>
/// <remarks>A mutable struct: keep it in a non-readonly field and call its members on that field.</remarks>
internal unsafe struct NativeKeyBuffer
{
    private byte* _pointer;
    private int _capacity;

    /// <summary>The start of the buffer; never null once <see cref="Reserve"/> has run.</summary>
    public readonly byte* Pointer => _pointer;

    /// <summary>Makes room for <paramref name="length"/> bytes (at least one, so the pointer is never null) and returns them.</summary>
    public Span<byte> Reserve(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length > _capacity || _pointer is null)
        {
            var capacity = Math.Max(length, 16);
            _pointer = (byte*)NativeMemory.Realloc(_pointer, (nuint)capacity);
            _capacity = capacity;
        }

        return new Span<byte>(_pointer, length);
    }

    /// <summary>Copies <paramref name="key"/> into the buffer and returns its start.</summary>
    public byte* Store(ReadOnlySpan<byte> key)
    {
        key.CopyTo(Reserve(key.Length));
        return _pointer;
    }

    /// <summary>Frees the memory; the buffer is empty afterwards.</summary>
    public void Free()
    {
        NativeMemory.Free(_pointer);
        _pointer = null;
        _capacity = 0;
    }
}
