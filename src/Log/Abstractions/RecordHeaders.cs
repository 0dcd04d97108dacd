using System.Buffers.Binary;
using System.Text;

namespace Kappa.Log.Abstractions;

/// <summary>
/// Headers of a read record, kept in their encoded form and decoded on demand so that records without
/// headers (almost all) cost nothing.
/// Encoding: <c>int16 count</c>, then per header <c>int16 nameLength, name (UTF-8), int32 valueLength, value</c>,
/// all big-endian. <see cref="Encode"/> and this reader are the only two places that know it.
/// </summary>
public readonly struct RecordHeaders
{
    private readonly ReadOnlyMemory<byte> _encoded;

    /// <summary>Wraps encoded headers; empty memory means no headers.</summary>
    public RecordHeaders(ReadOnlyMemory<byte> encoded) => _encoded = encoded;

    /// <summary>The encoded form, as stored.</summary>
    public ReadOnlyMemory<byte> Encoded => _encoded;

    /// <summary>Whether there are no headers.</summary>
    public bool IsEmpty => _encoded.Length <= 2;

    /// <summary>Decodes all headers. Allocates; use off hot paths.</summary>
    public IReadOnlyList<RecordHeader> ToList()
    {
        var list = new List<RecordHeader>();
        var span = _encoded.Span;
        if (span.Length < 2)
        {
            return list;
        }

        int count = BinaryPrimitives.ReadInt16BigEndian(span);
        var pos = 2;
        for (var i = 0; i < count; i++)
        {
            int nameLength = BinaryPrimitives.ReadInt16BigEndian(span[pos..]);
            pos += 2;
            var name = Encoding.UTF8.GetString(span.Slice(pos, nameLength));
            pos += nameLength;
            var valueLength = BinaryPrimitives.ReadInt32BigEndian(span[pos..]);
            pos += 4;
            list.Add(new RecordHeader(name, _encoded.Slice(pos, valueLength)));
            pos += valueLength;
        }

        return list;
    }

    /// <summary>The value of the last header with this name, or null.</summary>
    public ReadOnlyMemory<byte>? Find(string name)
    {
        ReadOnlyMemory<byte>? found = null;
        foreach (var header in ToList())
        {
            if (header.Name == name)
            {
                found = header.Value;
            }
        }

        return found;
    }

    /// <summary>
    /// Finds the last header named <paramref name="utf8Name"/> without decoding the others or allocating, for paths
    /// that read one header of every record.
    /// </summary>
    /// <param name="utf8Name">The header name, UTF-8.</param>
    /// <param name="value">The header's value; empty when not found.</param>
    /// <returns>Whether a header of that name is present.</returns>
    public bool TryFind(ReadOnlySpan<byte> utf8Name, out ReadOnlyMemory<byte> value)
    {
        value = default;
        var span = _encoded.Span;
        if (span.Length < 2)
        {
            return false;
        }

        var found = false;
        int count = BinaryPrimitives.ReadInt16BigEndian(span);
        var pos = 2;
        for (var i = 0; i < count; i++)
        {
            int nameLength = BinaryPrimitives.ReadInt16BigEndian(span[pos..]);
            var name = span.Slice(pos + 2, nameLength);
            pos += 2 + nameLength;
            var valueLength = BinaryPrimitives.ReadInt32BigEndian(span[pos..]);
            pos += 4;
            if (name.SequenceEqual(utf8Name))
            {
                value = _encoded.Slice(pos, valueLength);
                found = true;
            }

            pos += valueLength;
        }

        return found;
    }

    /// <summary>The number of bytes <see cref="Encode"/> writes for these headers.</summary>
    public static int EncodedLength(IReadOnlyList<RecordHeader>? headers)
    {
        if (headers is null || headers.Count == 0)
        {
            return 0;
        }

        var length = 2;
        foreach (var header in headers)
        {
            length += 2 + Encoding.UTF8.GetByteCount(header.Name) + 4 + header.Value.Length;
        }

        return length;
    }

    /// <summary>Writes headers into <paramref name="destination"/>; returns bytes written (0 when none).</summary>
    public static int Encode(IReadOnlyList<RecordHeader>? headers, Span<byte> destination)
    {
        if (headers is null || headers.Count == 0)
        {
            return 0;
        }

        BinaryPrimitives.WriteInt16BigEndian(destination, checked((short)headers.Count));
        var pos = 2;
        foreach (var header in headers)
        {
            var nameLength = Encoding.UTF8.GetBytes(header.Name, destination[(pos + 2)..]);
            BinaryPrimitives.WriteInt16BigEndian(destination[pos..], checked((short)nameLength));
            pos += 2 + nameLength;
            BinaryPrimitives.WriteInt32BigEndian(destination[pos..], header.Value.Length);
            pos += 4;
            header.Value.Span.CopyTo(destination[pos..]);
            pos += header.Value.Length;
        }

        return pos;
    }
}
