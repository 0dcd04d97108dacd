namespace Kappa.Contracts.Schemas;

/// <summary>
/// A schema registry answered with an error: Confluent's <c>error_code</c> and message, and the HTTP status.
/// The codes a caller acts on have their own subclasses; any other code is this class.
/// </summary>
public class SchemaRegistryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SchemaRegistryException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SchemaRegistryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public SchemaRegistryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an error answer.</summary>
    public SchemaRegistryException(int errorCode, int statusCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
    }

    /// <summary>Confluent's error code, such as 40401; 0 when the answer carried none.</summary>
    public int ErrorCode { get; }

    /// <summary>The HTTP status of the answer.</summary>
    public int StatusCode { get; }

    /// <summary>The exception for an error answer: the subclass for a known code, else this class.</summary>
    public static SchemaRegistryException For(int errorCode, int statusCode, string message) => errorCode switch
    {
        SchemaRegistryErrorCodes.SubjectNotFound => new SubjectNotFoundException(message),
        SchemaRegistryErrorCodes.VersionNotFound => new VersionNotFoundException(message),
        SchemaRegistryErrorCodes.SchemaNotFound => new SchemaNotFoundException(message),
        SchemaRegistryErrorCodes.IncompatibleSchema => new IncompatibleSchemaException(message),
        SchemaRegistryErrorCodes.InvalidSchema => new InvalidSchemaException(message),
        SchemaRegistryErrorCodes.InvalidCompatibilityLevel => new InvalidCompatibilityLevelException(message),
        _ => new SchemaRegistryException(errorCode, statusCode, message),
    };
}

/// <summary>The subject has no version (Confluent's error 40401).</summary>
public sealed class SubjectNotFoundException : SchemaRegistryException
{
    /// <summary>Creates the exception.</summary>
    public SubjectNotFoundException()
        : this("SubjectNotFound")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SubjectNotFoundException(string message)
        : base(SchemaRegistryErrorCodes.SubjectNotFound, 404, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public SubjectNotFoundException(string message, Exception innerException)
        : base(SchemaRegistryErrorCodes.SubjectNotFound, 404, message, innerException)
    {
    }
}

/// <summary>The subject has no such version (Confluent's error 40402).</summary>
public sealed class VersionNotFoundException : SchemaRegistryException
{
    /// <summary>Creates the exception.</summary>
    public VersionNotFoundException()
        : this("VersionNotFound")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public VersionNotFoundException(string message)
        : base(SchemaRegistryErrorCodes.VersionNotFound, 404, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public VersionNotFoundException(string message, Exception innerException)
        : base(SchemaRegistryErrorCodes.VersionNotFound, 404, message, innerException)
    {
    }
}

/// <summary>No schema has the id, or the schema is not registered under the subject (Confluent's error 40403).</summary>
public sealed class SchemaNotFoundException : SchemaRegistryException
{
    /// <summary>Creates the exception.</summary>
    public SchemaNotFoundException()
        : this("SchemaNotFound")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SchemaNotFoundException(string message)
        : base(SchemaRegistryErrorCodes.SchemaNotFound, 404, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public SchemaNotFoundException(string message, Exception innerException)
        : base(SchemaRegistryErrorCodes.SchemaNotFound, 404, message, innerException)
    {
    }
}

/// <summary>The schema breaks the subject's compatibility level (Confluent's HTTP 409).</summary>
public sealed class IncompatibleSchemaException : SchemaRegistryException
{
    /// <summary>Creates the exception.</summary>
    public IncompatibleSchemaException()
        : this("IncompatibleSchema")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public IncompatibleSchemaException(string message)
        : base(SchemaRegistryErrorCodes.IncompatibleSchema, 409, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public IncompatibleSchemaException(string message, Exception innerException)
        : base(SchemaRegistryErrorCodes.IncompatibleSchema, 409, message, innerException)
    {
    }
}

/// <summary>The schema is not a valid Avro schema (Confluent's error 42201).</summary>
public sealed class InvalidSchemaException : SchemaRegistryException
{
    /// <summary>Creates the exception.</summary>
    public InvalidSchemaException()
        : this("InvalidSchema")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public InvalidSchemaException(string message)
        : base(SchemaRegistryErrorCodes.InvalidSchema, 422, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public InvalidSchemaException(string message, Exception innerException)
        : base(SchemaRegistryErrorCodes.InvalidSchema, 422, message, innerException)
    {
    }
}

/// <summary>The compatibility level is not one of the seven (Confluent's error 42203).</summary>
public sealed class InvalidCompatibilityLevelException : SchemaRegistryException
{
    /// <summary>Creates the exception.</summary>
    public InvalidCompatibilityLevelException()
        : this("InvalidCompatibilityLevel")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public InvalidCompatibilityLevelException(string message)
        : base(SchemaRegistryErrorCodes.InvalidCompatibilityLevel, 422, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public InvalidCompatibilityLevelException(string message, Exception innerException)
        : base(SchemaRegistryErrorCodes.InvalidCompatibilityLevel, 422, message, innerException)
    {
    }
}
