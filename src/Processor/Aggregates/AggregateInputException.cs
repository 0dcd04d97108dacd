namespace Kappa.Processor.Aggregates;

/// <summary>
/// An event's input cannot be aggregated: a string given to <c>sum</c>, a number beyond the exact decimal range,
/// a sum that would overflow or lose precision, a mix of strings and numbers in <c>min</c>. The pipeline routes the
/// event to the dead-letter topic; the aggregate's state is unchanged.
/// </summary>
public sealed class AggregateInputException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public AggregateInputException()
        : base("The input cannot be aggregated.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What is wrong with the input.</param>
    public AggregateInputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What is wrong with the input.</param>
    /// <param name="innerException">The underlying failure.</param>
    public AggregateInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a named aggregate; the message names it.</summary>
    /// <param name="aggregateName">The output name of the aggregate that rejected the input.</param>
    /// <param name="aggregateCall">The aggregate as written, for example <c>sum(amount)</c>.</param>
    /// <param name="problem">What is wrong with the input.</param>
    public AggregateInputException(string aggregateName, string aggregateCall, string problem)
        : base($"Aggregate '{aggregateName}' ({aggregateCall}): {problem}")
    {
        AggregateName = aggregateName;
    }

    /// <summary>The output name of the aggregate that rejected the input, when known.</summary>
    public string? AggregateName { get; }
}
