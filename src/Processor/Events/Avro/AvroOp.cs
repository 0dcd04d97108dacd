namespace Kappa.Processor.Events.Avro;

/// <summary>What one <see cref="AvroStep"/> does with the next value of the input.</summary>
internal enum AvroOp : byte
{
    /// <summary>Skips an int (validated as a varint of at most 5 bytes).</summary>
    SkipInt,

    /// <summary>Skips a long.</summary>
    SkipLong,

    /// <summary>Skips a boolean.</summary>
    SkipBoolean,

    /// <summary>Skips <see cref="AvroStep.Size"/> bytes: a float, a double or a fixed.</summary>
    SkipFixed,

    /// <summary>Skips length-prefixed bytes or a string.</summary>
    SkipBytes,

    /// <summary>Skips an enum index, checked against <see cref="AvroStep.Size"/> symbols.</summary>
    SkipEnum,

    /// <summary>Skips an array: blocks of items, each run through <see cref="AvroStep.Sequence"/>.</summary>
    SkipArray,

    /// <summary>Skips a map: blocks of keys and values, each value run through <see cref="AvroStep.Sequence"/>.</summary>
    SkipMap,

    /// <summary>Reads a union's branch index and runs that branch's steps (<see cref="AvroStep.Branches"/>).</summary>
    Union,

    /// <summary>Runs <see cref="AvroStep.Sequence"/>: a record's steps, referenced instead of inlined (recursive or large).</summary>
    Sequence,

    /// <summary>Reads a map, running the steps of the wanted keys (<see cref="AvroStep.Keys"/>) and skipping the rest.</summary>
    MapLookup,

    /// <summary>Stores null.</summary>
    Null,

    /// <summary>Reads a boolean.</summary>
    Boolean,

    /// <summary>Reads an int as a number (also date-less time-millis).</summary>
    Int,

    /// <summary>Reads a long as a number (also timestamp-millis, as event time).</summary>
    Long,

    /// <summary>Reads a float as the number its shortest text denotes.</summary>
    Float,

    /// <summary>Reads a double as the number its shortest text denotes.</summary>
    Double,

    /// <summary>Reads a string (also a uuid on string) as a slice of the input.</summary>
    String,

    /// <summary>Reads bytes as base64 text.</summary>
    Base64Bytes,

    /// <summary>Reads a fixed of <see cref="AvroStep.Size"/> bytes as base64 text.</summary>
    Base64Fixed,

    /// <summary>Reads an enum as its symbol.</summary>
    Enum,

    /// <summary>Reads a decimal on bytes, scale <see cref="AvroStep.Scale"/>, as an exact number.</summary>
    DecimalBytes,

    /// <summary>Reads a decimal on a fixed of <see cref="AvroStep.Size"/> bytes as an exact number.</summary>
    DecimalFixed,

    /// <summary>Reads a date (days since 1970-01-01) as <c>yyyy-MM-dd</c> text.</summary>
    Date,

    /// <summary>Reads a timestamp in microseconds as Unix milliseconds (floored), to serve as event time.</summary>
    TimestampMicros,

    /// <summary>Reads a timestamp in nanoseconds as Unix milliseconds (floored).</summary>
    TimestampNanos,

    /// <summary>Reads a uuid on a fixed of 16 bytes as its canonical text.</summary>
    UuidFixed,

    /// <summary>Reads a record, array, map or duration (<see cref="AvroStep.Schema"/>) as JSON text.</summary>
    Render,

    /// <summary>Runs <see cref="AvroStep.Sequence"/> (the wanted fields inside), then stores the whole value as JSON text.</summary>
    Capture,
}
