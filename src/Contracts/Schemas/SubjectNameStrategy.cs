using Kappa.Contracts.Avro;

namespace Kappa.Contracts.Schemas;

/// <summary>How a topic's schema is named in the registry, as Confluent's serializers name it.</summary>
public enum SubjectNameStrategy
{
    /// <summary><c>&lt;topic&gt;-value</c> (or <c>-key</c>): one schema line per topic, Confluent's default.</summary>
    Topic,

    /// <summary>The record's full name: one schema line per record type, across topics.</summary>
    Record,

    /// <summary><c>&lt;topic&gt;-&lt;record full name&gt;</c>: one line per record type within a topic.</summary>
    TopicRecord,
}

/// <summary>Subject names by <see cref="SubjectNameStrategy"/>.</summary>
public static class SubjectNames
{
    /// <summary>The subject for a topic's keys or values written with <paramref name="schema"/>.</summary>
    /// <exception cref="ArgumentException">The strategy needs a record name and the schema is not a record.</exception>
    public static string For(SubjectNameStrategy strategy, string topic, AvroSchema schema, bool isKey = false)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return strategy switch
        {
            SubjectNameStrategy.Topic => topic + (isKey ? "-key" : "-value"),
            SubjectNameStrategy.Record => RecordName(strategy, schema),
            SubjectNameStrategy.TopicRecord => $"{topic}-{RecordName(strategy, schema)}",
            _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "unknown subject name strategy"),
        };
    }

    private static string RecordName(SubjectNameStrategy strategy, AvroSchema schema) => schema is AvroRecordSchema record
        ? record.FullName
        : throw new ArgumentException($"the {strategy} subject name strategy needs a record schema, not {schema.Type.ToString().ToLowerInvariant()}", nameof(schema));
}
