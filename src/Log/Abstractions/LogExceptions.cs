namespace Kappa.Log.Abstractions;

/// <summary>A log operation failed for a reason the caller can act on.</summary>
public class LogException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LogException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LogException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public LogException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A topic named in an operation does not exist.</summary>
public sealed class UnknownTopicException : LogException
{
    /// <summary>Creates the exception.</summary>
    public UnknownTopicException()
    {
    }

    /// <summary>Creates the exception for a topic.</summary>
    public UnknownTopicException(string topic)
        : base($"topic '{topic}' does not exist")
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public UnknownTopicException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A topic to be created exists already.</summary>
public sealed class TopicExistsException : LogException
{
    /// <summary>Creates the exception.</summary>
    public TopicExistsException()
    {
    }

    /// <summary>Creates the exception for a topic.</summary>
    public TopicExistsException(string topic)
        : base($"topic '{topic}' already exists")
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public TopicExistsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A topic name breaks Kafka's naming rule (see <see cref="TopicNames"/>).</summary>
public sealed class InvalidTopicException : LogException
{
    /// <summary>Creates the exception.</summary>
    public InvalidTopicException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public InvalidTopicException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public InvalidTopicException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
