namespace Kappa.Contracts.Avro;

/// <summary>
/// An Avro schema is invalid, or a writer schema cannot be resolved against a reader schema.
/// The message names the JSON path of the problem (for example <c>$.fields[2].type</c>) where there is one.
/// </summary>
public sealed class AvroSchemaException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public AvroSchemaException()
        : base("invalid Avro schema")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AvroSchemaException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public AvroSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
