using System.Buffers.Binary;
using System.Text;

namespace Kappa.Contracts.Avro;

/// <summary>
/// A forward-only reader of Avro binary encoding over a span. It never reads outside the span and never allocates
/// for primitive values (strings and bytes are also available as spans); any malformed input raises
/// <see cref="AvroDecodeException"/>. Lengths and counts read from the input are checked against the bytes left
/// before they are used, so hostile input cannot trigger large allocations.
/// </summary>
public ref struct AvroBinaryReader
{
    /// <summary>Most items of zero encoded size (nulls, empty records) accepted per reader, bounding decode work.</summary>
    public const long MaxZeroSizeItems = 1 << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private long _zeroSizeBudget;

    /// <summary>Creates a reader positioned at the start of <paramref name="data"/>.</summary>
    public AvroBinaryReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
        _zeroSizeBudget = MaxZeroSizeItems;
    }

    /// <summary>Bytes consumed so far.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes left.</summary>
    public readonly int Remaining => _data.Length - _position;

    /// <summary>Reads a boolean; bytes other than 0 and 1 are rejected.</summary>
    public bool ReadBoolean()
    {
        var b = ReadByte();
        return b switch
        {
            0 => false,
            1 => true,
            _ => throw Fail($"invalid boolean byte 0x{b:x2}"),
        };
    }

    /// <summary>Reads a zig-zag varint int of at most 5 bytes whose value fits 32 bits.</summary>
    public int ReadInt()
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = ReadByte();
            if (shift == 28 && b > 0x0f)
            {
                throw Fail("varint is too long or too large for an int");
            }

            value |= (uint)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return (int)(value >> 1) ^ -(int)(value & 1);
            }
        }

        throw Fail("varint is too long for an int");
    }

    /// <summary>Reads a zig-zag varint long of at most 10 bytes whose value fits 64 bits.</summary>
    public long ReadLong()
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = ReadByte();
            if (shift == 63 && b > 0x01)
            {
                throw Fail("varint is too long or too large for a long");
            }

            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return (long)(value >> 1) ^ -(long)(value & 1);
            }
        }

        throw Fail("varint is too long for a long");
    }

    /// <summary>Reads a little-endian IEEE 754 single.</summary>
    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    /// <summary>Reads a little-endian IEEE 754 double.</summary>
    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    /// <summary>Reads length-prefixed bytes as a span of the input (no copy).</summary>
    public ReadOnlySpan<byte> ReadBytesSpan()
    {
        var length = ReadLong();
        if (length < 0)
        {
            throw Fail($"negative length {length}");
        }

        return length > Remaining
            ? throw Fail($"length {length} exceeds the {Remaining} bytes left")
            : Take((int)length);
    }

    /// <summary>Reads length-prefixed bytes into a new array.</summary>
    public byte[] ReadBytes() => ReadBytesSpan().ToArray();

    /// <summary>Reads a length-prefixed UTF-8 string; invalid UTF-8 is rejected.</summary>
    public string ReadString()
    {
        var bytes = ReadBytesSpan();
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new AvroDecodeException($"invalid UTF-8 in string ending at byte {_position}", e);
        }
    }

    /// <summary>Reads <paramref name="size"/> bytes of a fixed as a span of the input.</summary>
    public ReadOnlySpan<byte> ReadFixed(int size) => Take(size);

    /// <summary>Reads an index (enum symbol or union branch) and checks it is below <paramref name="count"/>.</summary>
    public int ReadIndex(int count, string what)
    {
        var index = ReadLong();
        return index < 0 || index >= count
            ? throw Fail($"{what} index {index} out of range 0..{count - 1}")
            : (int)index;
    }

    /// <summary>
    /// Reads an array or map block header: the item count (0 ends the collection). A negative count is followed by
    /// the block's byte size, which is read and checked. The count is checked against the bytes left given the
    /// smallest encoded size of one item.
    /// </summary>
    public long ReadBlockCount(int minItemSize)
    {
        var count = ReadLong();
        if (count < 0)
        {
            if (count == long.MinValue)
            {
                throw Fail("block count out of range");
            }

            count = -count;
            var size = ReadLong();
            if (size < 0 || size > Remaining)
            {
                throw Fail($"block byte size {size} is negative or exceeds the {Remaining} bytes left");
            }
        }

        if (minItemSize > 0 ? count > Remaining / minItemSize : (_zeroSizeBudget -= count) < 0)
        {
            throw Fail($"block count {count} is more than the input can hold");
        }

        return count;
    }

    /// <summary>Skips a length-prefixed bytes or string value.</summary>
    public void SkipBytes() => ReadBytesSpan();

    private byte ReadByte()
    {
        if (_position >= _data.Length)
        {
            throw Fail("unexpected end of input");
        }

        return _data[_position++];
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length > Remaining)
        {
            throw Fail($"unexpected end of input: need {length} bytes, {Remaining} left");
        }

        var span = _data.Slice(_position, length);
        _position += length;
        return span;
    }

    private readonly AvroDecodeException Fail(string message) => new($"{message} (at byte {_position})");
}
