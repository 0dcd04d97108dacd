namespace Kappa.Processor.Events;

/// <summary>
/// A record value cannot be read into a view's fields: bad JSON, a bad Avro frame, an unknown schema id, corrupt
/// bytes, a field the writer schema lacks. The event is bad, not the pipeline: the task dead-letters it with
/// <see cref="Exception.Message"/> as the reason.
/// </summary>
public sealed class EventDecodeException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public EventDecodeException()
        : base("the value cannot be decoded")
    {
    }

    /// <summary>Creates the exception with the reason.</summary>
    public EventDecodeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and its cause.</summary>
    public EventDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
