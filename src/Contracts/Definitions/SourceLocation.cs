namespace Kappa.Contracts.Definitions;

/// <summary>
/// A position in a view definition file, so that any later check (the processor resolving a time zone,
/// compiling a filter) can point the user at the exact place to fix.
/// </summary>
/// <param name="File">The file as it was given to the loader (or the name passed to <see cref="ViewDefinitionLoader.Parse"/>).</param>
/// <param name="Line">The line, 1-based.</param>
/// <param name="Column">The column, 1-based, counted in characters.</param>
public sealed record SourceLocation(string File, int Line, int Column)
{
    /// <summary>The location <paramref name="columns"/> characters to the right on the same line.</summary>
    /// <param name="columns">How far to move; zero or more.</param>
    public SourceLocation AddColumns(int columns) => this with { Column = Column + columns };

    /// <summary>Renders as <c>file:line:column</c>, the form compilers and editors understand.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}";
}
