using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// An int32 big-endian length before bytes whose length is known only once they are written (an aggregate's state, a
/// row's stored form): reserve the prefix, write the bytes, then complete the prefix with their length.
/// </summary>
internal static class LengthPrefix
{
    /// <summary>Reserves the prefix (zeroed until completed); returns where it is, for <see cref="Complete"/>.</summary>
    public static int Reserve(ArrayBufferWriter<byte> output)
    {
        var at = output.WrittenCount;
        output.GetSpan(sizeof(int))[..sizeof(int)].Clear();
        output.Advance(sizeof(int));
        return at;
    }

    /// <summary>Writes into the prefix reserved at <paramref name="at"/> the number of bytes written after it.</summary>
    public static void Complete(ArrayBufferWriter<byte> output, int at) =>
        BinaryPrimitives.WriteInt32BigEndian(
            MemoryMarshal.AsMemory(output.WrittenMemory).Span[at..],
            output.WrittenCount - at - sizeof(int));
}
