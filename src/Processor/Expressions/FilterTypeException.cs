using Kappa.Processor.Events;

namespace Kappa.Processor.Expressions;

/// <summary>
/// An event's values cannot be compared as a filter asks: an ordering comparison (<c>&lt; &lt;= &gt; &gt;=</c>)
/// met two kinds that have no common order (a string and a number), or a kind with no order at all
/// (booleans, objects and arrays). The event is bad, not the filter; the pipeline routes it to the
/// dead-letter topic. Carries the field, the kind it had and the filter text.
/// </summary>
public sealed class FilterTypeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FilterTypeException()
    {
        Field = string.Empty;
        Expression = string.Empty;
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public FilterTypeException(string message)
        : base(message)
    {
        Field = string.Empty;
        Expression = string.Empty;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public FilterTypeException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = string.Empty;
        Expression = string.Empty;
    }

    /// <summary>Creates the exception for a field of the wrong kind.</summary>
    /// <param name="message">The full message.</param>
    /// <param name="field">The dotted path of the offending field.</param>
    /// <param name="kind">The kind the field had in the event.</param>
    /// <param name="expression">The filter text.</param>
    public FilterTypeException(string message, string field, FieldKind kind, string expression)
        : base(message)
    {
        Field = field;
        Kind = kind;
        Expression = expression;
    }

    /// <summary>The dotted path of the offending field.</summary>
    public string Field { get; }

    /// <summary>The kind the field had in the event.</summary>
    public FieldKind Kind { get; }

    /// <summary>The filter text.</summary>
    public string Expression { get; }
}
