using System.Buffers.Binary;

namespace Kappa.Contracts.Views;

/// <summary>
/// The byte encoding of a view row's identity: the group key followed by the window start.
/// <para>
/// Layout: the key's UTF-8 bytes with 0x00 escaped as 0x01 0x01 and 0x01 as 0x01 0x02, a 0x00 terminator,
/// then the window start as 8 big-endian bytes with the sign bit flipped.
/// </para>
/// Invariants, which the views store and its range scans rely on:
/// <list type="bullet">
/// <item>byte order equals (key ordinal UTF-8 order, window start order), so one key's windows are
/// contiguous and sorted by time;</item>
/// <item>the encoding of a key is a prefix of the encoding of all its rows (<see cref="EncodeKeyPrefix"/>),
/// and <see cref="EncodeKeyStartsWith"/> selects every key that starts with a given string.</item>
/// </list>
/// </summary>
public static class RowKey
{
    private const byte Terminator = 0x00;
    private const byte Escape = 0x01;

    /// <summary>The number of bytes <see cref="Encode(ReadOnlySpan{byte}, long, Span{byte})"/> writes.</summary>
    public static int EncodedLength(ReadOnlySpan<byte> key) => EscapedLength(key) + 1 + sizeof(long);

    /// <summary>Encodes (key, window start) into <paramref name="destination"/>; returns bytes written.</summary>
    public static int Encode(ReadOnlySpan<byte> key, long windowStart, Span<byte> destination)
    {
        var written = WriteEscaped(key, destination);
        destination[written++] = Terminator;
        BinaryPrimitives.WriteUInt64BigEndian(destination[written..], unchecked((ulong)windowStart ^ 0x8000_0000_0000_0000UL));
        return written + sizeof(long);
    }

    /// <summary>Encodes (key, window start) into a new array.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> key, long windowStart)
    {
        var buffer = new byte[EncodedLength(key)];
        Encode(key, windowStart, buffer);
        return buffer;
    }

    /// <summary>The prefix shared by every row of exactly this key.</summary>
    public static byte[] EncodeKeyPrefix(ReadOnlySpan<byte> key)
    {
        var buffer = new byte[EscapedLength(key) + 1];
        var written = WriteEscaped(key, buffer);
        buffer[written] = Terminator;
        return buffer;
    }

    /// <summary>The prefix shared by every row whose key starts with <paramref name="keyPrefix"/>.</summary>
    public static byte[] EncodeKeyStartsWith(ReadOnlySpan<byte> keyPrefix)
    {
        var buffer = new byte[EscapedLength(keyPrefix)];
        WriteEscaped(keyPrefix, buffer);
        return buffer;
    }

    /// <summary>Decodes a row key into its key bytes and window start.</summary>
    /// <exception cref="FormatException">The bytes are not a row key.</exception>
    public static (byte[] Key, long WindowStart) Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length < 1 + sizeof(long))
        {
            throw new FormatException("row key is shorter than its fixed suffix");
        }

        var escapedPart = encoded[..^(1 + sizeof(long))];
        if (encoded[^(1 + sizeof(long))] != Terminator)
        {
            throw new FormatException("row key lacks its terminator");
        }

        var key = new byte[UnescapedLength(escapedPart)];
        var k = 0;
        for (var i = 0; i < escapedPart.Length; i++)
        {
            var b = escapedPart[i];
            if (b == Escape)
            {
                key[k++] = escapedPart[++i] == 0x01 ? (byte)0x00 : (byte)0x01;
            }
            else
            {
                key[k++] = b;
            }
        }

        var start = unchecked((long)(BinaryPrimitives.ReadUInt64BigEndian(encoded[^sizeof(long)..]) ^ 0x8000_0000_0000_0000UL));
        return (key, start);
    }

    private static int EscapedLength(ReadOnlySpan<byte> key)
    {
        var length = key.Length;
        foreach (var b in key)
        {
            if (b <= Escape)
            {
                length++;
            }
        }

        return length;
    }

    private static int UnescapedLength(ReadOnlySpan<byte> escaped)
    {
        var length = 0;
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == Escape)
            {
                if (i + 1 >= escaped.Length || escaped[i + 1] is not (0x01 or 0x02))
                {
                    throw new FormatException("row key has a dangling escape byte");
                }

                i++;
            }
            else if (escaped[i] == Terminator)
            {
                throw new FormatException("row key has an unescaped zero byte");
            }

            length++;
        }

        return length;
    }

    private static int WriteEscaped(ReadOnlySpan<byte> key, Span<byte> destination)
    {
        var pos = 0;
        foreach (var b in key)
        {
            if (b <= Escape)
            {
                destination[pos++] = Escape;
                destination[pos++] = b == Terminator ? (byte)0x01 : (byte)0x02;
            }
            else
            {
                destination[pos++] = b;
            }
        }

        return pos;
    }
}
