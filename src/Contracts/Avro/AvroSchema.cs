using System.Text;

namespace Kappa.Contracts.Avro;

/// <summary>
/// An Avro schema (specification 1.12). Instances are immutable once <see cref="Parse"/> returns; named types are
/// shared by reference wherever the JSON referred to them by name, so recursive schemas are cyclic graphs.
/// </summary>
public abstract class AvroSchema
{
    private string? _canonicalForm;
    private ulong? _fingerprint;

    private protected AvroSchema(AvroType type)
    {
        Type = type;
    }

    /// <summary>The Avro type.</summary>
    public AvroType Type { get; }

    /// <summary>The logical type, or <see cref="AvroLogicalType.None"/>.</summary>
    public AvroLogicalType LogicalType { get; private protected set; }

    /// <summary>Decimal precision (number of significant digits); 0 unless <see cref="LogicalType"/> is decimal.</summary>
    public int Precision { get; private protected set; }

    /// <summary>Decimal scale (digits after the point); 0 unless <see cref="LogicalType"/> is decimal.</summary>
    public int Scale { get; private protected set; }

    /// <summary>The schema's Parsing Canonical Form, as defined by the specification.</summary>
    public string CanonicalForm => _canonicalForm ??= AvroCanonicalForm.Write(this);

    /// <summary>The CRC-64-AVRO (Rabin) fingerprint of the UTF-8 Parsing Canonical Form.</summary>
    public ulong Fingerprint => _fingerprint ??= AvroFingerprint.Crc64(Encoding.UTF8.GetBytes(CanonicalForm));

    /// <summary>Parses a schema from its JSON text.</summary>
    /// <exception cref="AvroSchemaException">The text is not a valid schema; the message names the path.</exception>
    public static AvroSchema Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return AvroSchemaParser.Parse(json);
    }

    /// <summary>
    /// Full JSON of the schema (names, aliases, defaults, logical types; not documentation), which parses back to an
    /// equivalent schema. This is what object container files store as <c>avro.schema</c>.
    /// </summary>
    public string ToJson() => AvroSchemaJson.Write(this);

    /// <summary>Returns the Parsing Canonical Form.</summary>
    public override string ToString() => CanonicalForm;

    internal void SetLogicalType(AvroLogicalType logicalType, int precision = 0, int scale = 0)
    {
        LogicalType = logicalType;
        Precision = precision;
        Scale = scale;
    }
}
