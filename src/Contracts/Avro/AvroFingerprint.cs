namespace Kappa.Contracts.Avro;

/// <summary>
/// The CRC-64-AVRO (Rabin) fingerprint the specification recommends for schema identity: computed over the UTF-8
/// bytes of a schema's Parsing Canonical Form.
/// </summary>
public static class AvroFingerprint
{
    /// <summary>The fingerprint of the empty input; also the polynomial the table is built from.</summary>
    public const ulong Empty = 0xc15d213aa4d7a795UL;

    private static readonly ulong[] Table = BuildTable();

    /// <summary>Computes CRC-64-AVRO over <paramref name="data"/>.</summary>
    public static ulong Crc64(ReadOnlySpan<byte> data)
    {
        var fingerprint = Empty;
        foreach (var b in data)
        {
            fingerprint = (fingerprint >> 8) ^ Table[(int)(fingerprint ^ b) & 0xff];
        }

        return fingerprint;
    }

    private static ulong[] BuildTable()
    {
        var table = new ulong[256];
        for (var i = 0; i < 256; i++)
        {
            var fp = (ulong)i;
            for (var j = 0; j < 8; j++)
            {
                fp = (fp >> 1) ^ (Empty & (0UL - (fp & 1)));
            }

            table[i] = fp;
        }

        return table;
    }
}
