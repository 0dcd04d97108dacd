namespace Kappa.Contracts.Avro;

/// <summary>
/// Avro binary data cannot be decoded: it is truncated, malformed (over-long varint, negative length, union
/// index out of range) or does not fit the schema. Decoders raise only this for bad input, never a crash.
/// </summary>
public sealed class AvroDecodeException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public AvroDecodeException()
        : base("invalid Avro data")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AvroDecodeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public AvroDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
