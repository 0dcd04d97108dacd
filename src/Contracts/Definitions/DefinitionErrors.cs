namespace Kappa.Contracts.Definitions;

/// <summary>
/// Collects the problems found while loading, so one run reports all of them. Errors are reported in the
/// order files were loaded and, within a file, by line and column; ties keep the order found.
/// </summary>
internal sealed class DefinitionErrors
{
    private readonly List<DefinitionError> _errors = [];

    public int Count => _errors.Count;

    public void Add(SourceLocation location, string message) => _errors.Add(new DefinitionError(location, message));

    /// <summary>Throws <see cref="ViewDefinitionException"/> when any error was collected.</summary>
    public void ThrowIfAny()
    {
        if (_errors.Count == 0)
        {
            return;
        }

        var fileOrder = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var error in _errors)
        {
            fileOrder.TryAdd(error.Location.File, fileOrder.Count);
        }

        var ordered = _errors
            .Select((error, index) => (error, index))
            .OrderBy(e => fileOrder[e.error.Location.File])
            .ThenBy(e => e.error.Location.Line)
            .ThenBy(e => e.error.Location.Column)
            .ThenBy(e => e.index)
            .Select(e => e.error)
            .ToArray();
        throw new ViewDefinitionException(ordered);
    }
}
