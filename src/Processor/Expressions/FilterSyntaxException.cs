namespace Kappa.Processor.Expressions;

/// <summary>
/// A filter expression cannot be compiled: it is malformed, or it compares values in a way that can never
/// work (ordering against <c>null</c> or a boolean, or two literals of different kinds). The message reads
/// <c>expected ')' at column 17, found end of filter</c>; <see cref="Caret"/> points at the column.
/// </summary>
public sealed class FilterSyntaxException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FilterSyntaxException()
    {
        Expression = string.Empty;
        Reason = string.Empty;
    }

    /// <summary>Creates the exception with a message and no position.</summary>
    /// <param name="message">The message.</param>
    public FilterSyntaxException(string message)
        : base(message)
    {
        Expression = string.Empty;
        Reason = message;
    }

    /// <summary>Creates the exception with a message, a cause and no position.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public FilterSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
        Expression = string.Empty;
        Reason = message;
    }

    /// <summary>Creates the exception for a problem at a column of an expression.</summary>
    /// <param name="expression">The filter text.</param>
    /// <param name="column">The 1-based column of the problem, in UTF-16 characters.</param>
    /// <param name="reason">What is wrong, e.g. <c>expected ')'</c>.</param>
    /// <param name="found">What was found instead, e.g. <c>end of filter</c>, or null.</param>
    public FilterSyntaxException(string expression, int column, string reason, string? found = null)
        : base(found is null ? $"{reason} at column {column}" : $"{reason} at column {column}, found {found}")
    {
        Expression = expression;
        Column = column;
        Reason = reason;
    }

    /// <summary>The filter text.</summary>
    public string Expression { get; }

    /// <summary>The 1-based column of the problem; 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }

    /// <summary>The expression and, on a second line, a caret under the problem column.</summary>
    public string Caret => Column <= 0 ? Expression : $"{Expression}\n{new string(' ', Column - 1)}^";
}
