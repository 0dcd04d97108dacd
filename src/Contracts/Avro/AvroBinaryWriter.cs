using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Kappa.Contracts.Avro;

/// <summary>
/// Writes Avro binary encoding to a buffer writer. Stateless beyond its output, so it can be reused for any number
/// of values.
/// </summary>
public sealed class AvroBinaryWriter
{
    private readonly IBufferWriter<byte> _output;

    /// <summary>Creates a writer appending to <paramref name="output"/>.</summary>
    public AvroBinaryWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>Writes a boolean as one byte.</summary>
    public void WriteBoolean(bool value)
    {
        _output.GetSpan(1)[0] = value ? (byte)1 : (byte)0;
        _output.Advance(1);
    }

    /// <summary>Writes a zig-zag varint int.</summary>
    public void WriteInt(int value) => WriteLong(value);

    /// <summary>Writes a zig-zag varint long.</summary>
    public void WriteLong(long value)
    {
        var span = _output.GetSpan(10);
        var zigzag = (ulong)((value << 1) ^ (value >> 63));
        var i = 0;
        while (zigzag >= 0x80)
        {
            span[i++] = (byte)(zigzag | 0x80);
            zigzag >>= 7;
        }

        span[i++] = (byte)zigzag;
        _output.Advance(i);
    }

    /// <summary>Writes a little-endian IEEE 754 single.</summary>
    public void WriteFloat(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(_output.GetSpan(4), value);
        _output.Advance(4);
    }

    /// <summary>Writes a little-endian IEEE 754 double.</summary>
    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_output.GetSpan(8), value);
        _output.Advance(8);
    }

    /// <summary>Writes length-prefixed bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteLong(value.Length);
        WriteFixed(value);
    }

    /// <summary>Writes a length-prefixed UTF-8 string.</summary>
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var length = Encoding.UTF8.GetByteCount(value);
        WriteLong(length);
        var written = Encoding.UTF8.GetBytes(value, _output.GetSpan(length));
        _output.Advance(written);
    }

    /// <summary>Writes raw bytes (a fixed value or pre-encoded data).</summary>
    public void WriteFixed(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_output.GetSpan(value.Length));
        _output.Advance(value.Length);
    }
}
