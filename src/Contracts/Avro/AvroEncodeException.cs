namespace Kappa.Contracts.Avro;

/// <summary>
/// A value cannot be encoded because it does not fit its schema; the message names the path of the value
/// (for example <c>$.items[3].name</c>).
/// </summary>
public sealed class AvroEncodeException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public AvroEncodeException()
        : base("value does not fit the Avro schema")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AvroEncodeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public AvroEncodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
