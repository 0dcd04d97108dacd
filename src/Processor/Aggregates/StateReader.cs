using System.Buffers.Binary;

namespace Kappa.Processor.Aggregates;

/// <summary>
/// Reads what <see cref="StateEncoding"/> wrote, checking bounds, the header and that nothing trails the state;
/// any violation is a <see cref="FormatException"/> that names the aggregate.
/// </summary>
internal ref struct StateReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _call;
    private int _position;

    public StateReader(ReadOnlySpan<byte> data, StateTag tag, string call)
    {
        _data = data;
        _call = call;
        if (data.Length < 2 || data[0] != (byte)tag)
        {
            throw Corrupt($"stored state is not a {tag} state");
        }

        if (data[1] != StateEncoding.FormatVersion)
        {
            throw Corrupt($"stored state has unknown format version {data[1]}");
        }

        _position = 2;
    }

    public byte ReadByte() => Take(1)[0];

    public bool ReadFlag() => ReadByte() switch
    {
        0 => false,
        1 => true,
        var other => throw Corrupt($"stored state has flag byte {other}"),
    };

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public decimal ReadDecimal()
    {
        var span = Take(16);
        Span<int> bits = stackalloc int[4];
        for (var i = 0; i < 4; i++)
        {
            bits[i] = BinaryPrimitives.ReadInt32LittleEndian(span[(i * 4)..]);
        }

        try
        {
            return new decimal(bits);
        }
        catch (ArgumentException)
        {
            throw Corrupt("stored state holds an invalid decimal");
        }
    }

    public int ReadLength()
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var next = ReadByte();
            value |= (uint)(next & 0x7F) << shift;
            if (next < 0x80)
            {
                return value <= int.MaxValue ? (int)value : throw Corrupt("stored state has a length out of range");
            }
        }

        throw Corrupt("stored state has an overlong length");
    }

    public ReadOnlySpan<byte> ReadBytes() => Take(ReadLength());

    public ReadOnlySpan<byte> ReadRaw(int length) => Take(length);

    /// <summary>Throws unless every byte has been read.</summary>
    public readonly void End()
    {
        if (_position != _data.Length)
        {
            throw Corrupt($"stored state has {_data.Length - _position} trailing bytes");
        }
    }

    public readonly FormatException Corrupt(string problem) => new($"{_call}: {problem}");

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length > _data.Length - _position)
        {
            throw Corrupt("stored state is truncated");
        }

        var span = _data.Slice(_position, length);
        _position += length;
        return span;
    }
}
