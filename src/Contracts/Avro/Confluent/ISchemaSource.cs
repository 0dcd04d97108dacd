namespace Kappa.Contracts.Avro.Confluent;

/// <summary>
/// Finds registered schemas, by id or by subject: a schema registry client, or the embedded registry. Failing to
/// reach the registry is an exception of its own (an <see cref="HttpRequestException"/>, say), never an answer.
/// </summary>
public interface ISchemaSource
{
    /// <summary>The schema registered under <paramref name="id"/>.</summary>
    /// <exception cref="UnknownSchemaException">No schema has that id.</exception>
    ValueTask<AvroSchema> GetSchemaAsync(int id, CancellationToken cancellationToken = default);

    /// <summary>The latest schema registered under <paramref name="subject"/>, or null when the subject does not exist.</summary>
    ValueTask<AvroSchema?> FindLatestAsync(string subject, CancellationToken cancellationToken = default);
}

/// <summary>A value names a schema id the registry does not know (Confluent's error 40403).</summary>
public sealed class UnknownSchemaException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UnknownSchemaException()
    {
    }

    /// <summary>Creates the exception for a schema id.</summary>
    public UnknownSchemaException(int id)
        : base($"schema {id} not found")
    {
        Id = id;
    }

    /// <summary>Creates the exception with a message.</summary>
    public UnknownSchemaException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public UnknownSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The unknown id.</summary>
    public int Id { get; }
}
