namespace Kappa.Contracts.Views;

/// <summary>The views one Kappa process serves, validated and with unique names.</summary>
public sealed class ViewSet
{
    private readonly Dictionary<string, ViewDefinition> _byName;

    /// <summary>Validates every definition and indexes them by name.</summary>
    /// <exception cref="ArgumentException">A definition is invalid or two share a name.</exception>
    public ViewSet(IEnumerable<ViewDefinition> views)
    {
        ArgumentNullException.ThrowIfNull(views);
        _byName = new Dictionary<string, ViewDefinition>(StringComparer.Ordinal);
        foreach (var view in views)
        {
            view.Validate();
            if (!_byName.TryAdd(view.Name, view))
            {
                throw new ArgumentException($"view '{view.Name}' is defined twice");
            }
        }

        All = [.. _byName.Values.OrderBy(v => v.Name, StringComparer.Ordinal)];
    }

    /// <summary>The views, ordered by name.</summary>
    public IReadOnlyList<ViewDefinition> All { get; }

    /// <summary>Finds a view by name.</summary>
    public bool TryGet(string name, out ViewDefinition view) => _byName.TryGetValue(name, out view!);
}
