using System.Buffers;
using System.Buffers.Binary;

namespace Kappa.Processor.Aggregates;

/// <summary>
/// Writes the primitives of the built-in state formats: little-endian fixed-width integers, LEB128 lengths,
/// normalized decimals. Every state starts with a tag naming its aggregate and a format version, so a state
/// read by the wrong aggregate or a future format fails loudly instead of decoding garbage.
/// </summary>
internal static class StateEncoding
{
    /// <summary>The current version of every built-in state format.</summary>
    public const byte FormatVersion = 1;

    public static void WriteHeader(this IBufferWriter<byte> output, StateTag tag)
    {
        var span = output.GetSpan(2);
        span[0] = (byte)tag;
        span[1] = FormatVersion;
        output.Advance(2);
    }

    public static void WriteByte(this IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    public static void WriteInt32(this IBufferWriter<byte> output, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(output.GetSpan(4), value);
        output.Advance(4);
    }

    public static void WriteInt64(this IBufferWriter<byte> output, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(output.GetSpan(8), value);
        output.Advance(8);
    }

    public static void WriteDouble(this IBufferWriter<byte> output, double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(output.GetSpan(8), value);
        output.Advance(8);
    }

    /// <summary>Writes the normalized value as its four 32-bit parts (low, middle, high mantissa; sign and scale).</summary>
    public static void WriteDecimal(this IBufferWriter<byte> output, decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(DecimalMath.Normalize(value), bits);
        var span = output.GetSpan(16);
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[(i * 4)..], bits[i]);
        }

        output.Advance(16);
    }

    public static void WriteLength(this IBufferWriter<byte> output, int value)
    {
        var remaining = (uint)value;
        var span = output.GetSpan(5);
        var written = 0;
        while (remaining >= 0x80)
        {
            span[written++] = (byte)(remaining | 0x80);
            remaining >>= 7;
        }

        span[written++] = (byte)remaining;
        output.Advance(written);
    }

    public static void WriteBytes(this IBufferWriter<byte> output, ReadOnlySpan<byte> value)
    {
        output.WriteLength(value.Length);
        output.Write(value);
    }
}
