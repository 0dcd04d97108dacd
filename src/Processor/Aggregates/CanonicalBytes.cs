using System.Buffers.Binary;
using Kappa.Processor.Events;

namespace Kappa.Processor.Aggregates;

/// <summary>
/// The identity of a value for <c>count_distinct</c>: a kind byte, then the value. Numbers are equal by value
/// (<c>1</c>, <c>1.0</c> and <c>1.00</c> are one value: the decimal is normalized); a number and the string of its
/// digits differ; objects and arrays are compared by their raw JSON bytes as they appear in the event.
/// </summary>
internal static class CanonicalBytes
{
    private const byte FalseTag = (byte)'f';
    private const byte TrueTag = (byte)'t';
    private const byte NumberTag = (byte)'n';
    private const byte ApproximateTag = (byte)'d';
    private const byte TextTag = (byte)'s';
    private const byte CompositeTag = (byte)'c';

    /// <summary>
    /// Writes the canonical bytes of a present, non-null value into <paramref name="buffer"/>, growing it only when
    /// it is too small, and returns their length.
    /// </summary>
    public static int Write(in FieldValue value, ref byte[] buffer)
    {
        switch (value.Kind)
        {
            case FieldKind.Boolean:
                Ensure(ref buffer, 1);
                buffer[0] = value.Boolean ? TrueTag : FalseTag;
                return 1;
            case FieldKind.Number when value.IsApproximate:
                Ensure(ref buffer, 9);
                buffer[0] = ApproximateTag;
                BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(1), value.AsDouble);
                return 9;
            case FieldKind.Number:
                Ensure(ref buffer, 17);
                buffer[0] = NumberTag;
                Span<int> bits = stackalloc int[4];
                decimal.GetBits(DecimalMath.Normalize(value.Number), bits);
                for (var i = 0; i < 4; i++)
                {
                    BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(1 + (i * 4)), bits[i]);
                }

                return 17;
            default:
                var bytes = value.Utf8.Span;
                Ensure(ref buffer, bytes.Length + 1);
                buffer[0] = value.Kind == FieldKind.Text ? TextTag : CompositeTag;
                bytes.CopyTo(buffer.AsSpan(1));
                return bytes.Length + 1;
        }
    }

    private static void Ensure(ref byte[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new byte[Math.Max(length, buffer.Length * 2)];
        }
    }
}
