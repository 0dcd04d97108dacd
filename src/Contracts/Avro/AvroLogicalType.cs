using System.Diagnostics.CodeAnalysis;

namespace Kappa.Contracts.Avro;

/// <summary>
/// The logical type annotating a schema. <see cref="None"/> also when the schema named an unknown logical type or
/// one invalid for its underlying type: the specification says such annotations are ignored.
/// </summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Member names are the Avro specification's logical type names.")]
public enum AvroLogicalType
{
    /// <summary>No (valid) logical type.</summary>
    None,

    /// <summary>Arbitrary-precision decimal on bytes or fixed: two's-complement big-endian unscaled value.</summary>
    Decimal,

    /// <summary>RFC 4122 UUID on string (text form) or fixed of size 16.</summary>
    Uuid,

    /// <summary>Days since 1970-01-01 on int.</summary>
    Date,

    /// <summary>Milliseconds after midnight on int.</summary>
    TimeMillis,

    /// <summary>Microseconds after midnight on long.</summary>
    TimeMicros,

    /// <summary>Milliseconds since the UTC epoch on long.</summary>
    TimestampMillis,

    /// <summary>Microseconds since the UTC epoch on long.</summary>
    TimestampMicros,

    /// <summary>Nanoseconds since the UTC epoch on long.</summary>
    TimestampNanos,

    /// <summary>Milliseconds since 1970-01-01T00:00 in an unspecified local time zone, on long.</summary>
    LocalTimestampMillis,

    /// <summary>Microseconds since 1970-01-01T00:00 local, on long.</summary>
    LocalTimestampMicros,

    /// <summary>Nanoseconds since 1970-01-01T00:00 local, on long.</summary>
    LocalTimestampNanos,

    /// <summary>Months, days and milliseconds as three little-endian unsigned ints in a fixed of size 12.</summary>
    Duration,
}
