using System.Buffers.Binary;

namespace Kappa.Contracts.Avro.Confluent;

/// <summary>
/// Confluent's framing of a schema-registry-encoded value: byte 0 is the magic byte 0, bytes 1-4 the schema id
/// (big-endian), then the Avro binary encoding. Kafka producers and consumers of every language use it, so
/// Kappa reads and writes it byte for byte.
/// </summary>
public static class ConfluentWireFormat
{
    /// <summary>The only magic byte Confluent has defined.</summary>
    public const byte MagicByte = 0;

    /// <summary>The framing's length: the magic byte and the schema id.</summary>
    public const int HeaderLength = 5;

    /// <summary>Writes the header for <paramref name="schemaId"/> into the first five bytes of <paramref name="destination"/>.</summary>
    public static void WriteHeader(Span<byte> destination, int schemaId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, HeaderLength);
        destination[0] = MagicByte;
        BinaryPrimitives.WriteInt32BigEndian(destination[1..], schemaId);
    }

    /// <summary>Reads the header: the schema id and the Avro payload after it.</summary>
    /// <exception cref="AvroDecodeException">The value is too short or its magic byte is not 0.</exception>
    public static int ReadHeader(ReadOnlySpan<byte> framed, out ReadOnlySpan<byte> payload)
    {
        if (framed.Length < HeaderLength)
        {
            throw new AvroDecodeException($"a Confluent-framed value needs at least {HeaderLength} bytes, this one has {framed.Length}");
        }

        if (framed[0] != MagicByte)
        {
            throw new AvroDecodeException($"unknown magic byte {framed[0]}: the value is not in Confluent's wire format (byte 0 must be 0)");
        }

        payload = framed[HeaderLength..];
        return BinaryPrimitives.ReadInt32BigEndian(framed[1..]);
    }
}
