namespace Kappa.Contracts.Definitions;

/// <summary>
/// View definitions are unusable. <see cref="Errors"/> holds every problem found (never empty when thrown by
/// the loader), in file order and then line and column order; <see cref="Exception.Message"/> lists them one
/// per line as <c>file:line:column: message</c>.
/// </summary>
public sealed class ViewDefinitionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ViewDefinitionException()
    {
        Errors = [];
    }

    /// <summary>Creates the exception with a message and no located errors.</summary>
    /// <param name="message">The message.</param>
    public ViewDefinitionException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Creates the exception with a message, a cause and no located errors.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ViewDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Creates the exception for located errors; the message lists them.</summary>
    /// <param name="errors">The problems; at least one.</param>
    public ViewDefinitionException(IReadOnlyList<DefinitionError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<DefinitionError> Errors { get; }

    private static string Describe(IReadOnlyList<DefinitionError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return string.Join('\n', errors);
    }
}
