using System.Buffers;
using System.Text.Json;
using Kappa.Processor.Events;

namespace Kappa.Processor.Aggregates;

/// <summary>
/// A field value copied out of its event so a state can keep it (the value of <c>first</c>, <c>min</c>, one entry
/// of <c>top</c>). String and JSON bytes go into a buffer owned by this object and reused, so replacing the kept
/// value allocates only when it outgrows every earlier one. Empty (kind <see cref="FieldKind.Missing"/>) until set.
/// </summary>
internal sealed class OwnedValue
{
    private byte[] _bytes = [];
    private int _length;

    public FieldKind Kind { get; private set; }

    public bool Boolean { get; private set; }

    public decimal Number { get; private set; }

    /// <summary>The value of an approximate number (<see cref="IsApproximate"/>); 0 for an exact one, which only
    /// <see cref="Number"/> holds.</summary>
    public double Double { get; private set; }

    public bool IsApproximate { get; private set; }

    public bool IsEmpty => Kind == FieldKind.Missing;

    public ReadOnlySpan<byte> Utf8 => _bytes.AsSpan(0, _length);

    public void Set(in FieldValue value)
    {
        Kind = value.Kind;
        Boolean = value.Boolean;
        Number = value.Number;
        Double = value.IsApproximate ? value.AsDouble : 0;
        IsApproximate = value.IsApproximate;
        CopyBytes(value.Kind is FieldKind.Text or FieldKind.Composite ? value.Utf8.Span : default);
    }

    public void Set(OwnedValue other)
    {
        Kind = other.Kind;
        Boolean = other.Boolean;
        Number = other.Number;
        Double = other.Double;
        IsApproximate = other.IsApproximate;
        CopyBytes(other.Utf8);
    }

    /// <summary>A view of the kept value as a field value; valid until this value is next set.</summary>
    public FieldValue AsFieldValue() => Kind switch
    {
        FieldKind.Boolean => FieldValue.FromBoolean(Boolean),
        FieldKind.Number when IsApproximate => FieldValue.FromDouble(Double),
        FieldKind.Number => FieldValue.FromNumber(Number),
        FieldKind.Text => FieldValue.FromUtf8(_bytes.AsMemory(0, _length)),
        FieldKind.Composite => FieldValue.FromComposite(_bytes.AsMemory(0, _length)),
        _ => FieldValue.Missing,
    };

    /// <summary>
    /// Orders two values of the same orderable kind: exact numbers by value, strings by ordinal UTF-8 bytes
    /// (which is Unicode code point order). Callers check the kinds first.
    /// </summary>
    public int CompareTo(in FieldValue value) =>
        Kind == FieldKind.Number ? Number.CompareTo(value.Number) : Utf8.SequenceCompareTo(value.Utf8.Span);

    /// <inheritdoc cref="CompareTo(in FieldValue)"/>
    public int CompareTo(OwnedValue other) =>
        Kind == FieldKind.Number ? Number.CompareTo(other.Number) : Utf8.SequenceCompareTo(other.Utf8);

    /// <summary>Writes a kind byte and the kind's payload; numbers normalized, so equal values write equal bytes.</summary>
    public void Write(IBufferWriter<byte> output)
    {
        switch (Kind)
        {
            case FieldKind.Boolean:
                output.WriteByte((byte)StoredKind.Boolean);
                output.WriteByte(Boolean ? (byte)1 : (byte)0);
                break;
            case FieldKind.Number when IsApproximate:
                output.WriteByte((byte)StoredKind.Approximate);
                output.WriteDouble(Double);
                break;
            case FieldKind.Number:
                output.WriteByte((byte)StoredKind.Number);
                output.WriteDecimal(Number);
                break;
            case FieldKind.Text:
                output.WriteByte((byte)StoredKind.Text);
                output.WriteBytes(Utf8);
                break;
            case FieldKind.Composite:
                output.WriteByte((byte)StoredKind.Composite);
                output.WriteBytes(Utf8);
                break;
            default:
                output.WriteByte((byte)StoredKind.Empty);
                break;
        }
    }

    public void Read(ref StateReader reader)
    {
        var stored = reader.ReadByte();
        var value = (StoredKind)stored switch
        {
            StoredKind.Empty => FieldValue.Missing,
            StoredKind.Boolean => FieldValue.FromBoolean(reader.ReadFlag()),
            StoredKind.Number => FieldValue.FromNumber(reader.ReadDecimal()),
            StoredKind.Approximate => FieldValue.FromDouble(reader.ReadDouble()),
            StoredKind.Text => FieldValue.FromUtf8(reader.ReadBytes().ToArray()),
            StoredKind.Composite => FieldValue.FromComposite(reader.ReadBytes().ToArray()),
            _ => throw reader.Corrupt($"stored state has unknown value kind {stored}"),
        };
        Set(value);
    }

    /// <summary>Writes the value as JSON: numbers normalized and without exponent, <c>null</c> when empty.</summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        switch (Kind)
        {
            case FieldKind.Boolean:
                writer.WriteBooleanValue(Boolean);
                break;
            case FieldKind.Number when IsApproximate:
                writer.WriteNumberValue(Double);
                break;
            case FieldKind.Number:
                writer.WriteNumberValue(DecimalMath.Normalize(Number));
                break;
            case FieldKind.Text:
                writer.WriteStringValue(Utf8);
                break;
            case FieldKind.Composite:
                writer.WriteRawValue(Utf8);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private void CopyBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _bytes.Length)
        {
            _bytes = new byte[Math.Max(bytes.Length, _bytes.Length * 2)];
        }

        bytes.CopyTo(_bytes);
        _length = bytes.Length;
    }

    /// <summary>Kind bytes of the stored form; stored, so never renumber.</summary>
    private enum StoredKind : byte
    {
        Empty = 0,
        Boolean = 1,
        Number = 2,
        Approximate = 3,
        Text = 4,
        Composite = 5,
    }
}
