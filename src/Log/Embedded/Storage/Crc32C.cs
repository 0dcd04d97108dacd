using System.Numerics;
using System.Runtime.InteropServices;

namespace Kappa.Log.Embedded.Storage;

/// <summary>
/// CRC-32C (Castagnoli), the checksum Kafka puts on record batches. <see cref="BitOperations.Crc32C(uint, ulong)"/>
/// uses the CPU's CRC32 instruction where there is one, so checking every frame on read is cheap.
/// </summary>
internal static class Crc32C
{
    /// <summary>The standard CRC-32C of <paramref name="data"/> (initial and final inversion included).</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (var word in words)
        {
            crc = BitOperations.Crc32C(crc, word);
        }

        foreach (var b in data[(words.Length * sizeof(ulong))..])
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }
}
