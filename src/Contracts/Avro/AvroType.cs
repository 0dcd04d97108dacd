using System.Diagnostics.CodeAnalysis;

namespace Kappa.Contracts.Avro;

/// <summary>The Avro type of a schema: the eight primitive types and the six complex types.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Member names are the Avro specification's type names.")]
public enum AvroType
{
    /// <summary>No value; encoded as zero bytes.</summary>
    Null,

    /// <summary>A single byte, 0 or 1.</summary>
    Boolean,

    /// <summary>32-bit signed integer, zig-zag varint.</summary>
    Int,

    /// <summary>64-bit signed integer, zig-zag varint.</summary>
    Long,

    /// <summary>IEEE 754 single precision, little-endian.</summary>
    Float,

    /// <summary>IEEE 754 double precision, little-endian.</summary>
    Double,

    /// <summary>Length-prefixed byte sequence.</summary>
    Bytes,

    /// <summary>Length-prefixed UTF-8 string.</summary>
    String,

    /// <summary>Named sequence of fields.</summary>
    Record,

    /// <summary>Named set of symbols, encoded by index.</summary>
    Enum,

    /// <summary>Blocks of items of one schema.</summary>
    Array,

    /// <summary>Blocks of string keys and values of one schema.</summary>
    Map,

    /// <summary>One of several schemas, encoded by branch index then value.</summary>
    Union,

    /// <summary>Named fixed-size byte sequence.</summary>
    Fixed,
}
