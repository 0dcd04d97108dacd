namespace Kappa.Contracts.Definitions;

/// <summary>One problem found in a view definition.</summary>
/// <param name="Location">Where the problem is.</param>
/// <param name="Message">What is wrong, in lower case, without a trailing period.</param>
public sealed record DefinitionError(SourceLocation Location, string Message)
{
    /// <summary>Renders as <c>file:line:column: message</c>.</summary>
    public override string ToString() => $"{Location}: {Message}";
}
