using Kappa.Processor.Pipeline;

namespace Kappa.Processor.Hosting;

/// <summary>
/// The views one Kappa process is configured with, by name. Names are unique: the compiler and loader ensure it.
/// Which versions of them run and which one is active is the lifecycle's business (<see cref="Lifecycle.ViewLifecycle"/>).
/// </summary>
public sealed class ViewRegistry
{
    private readonly Dictionary<string, CompiledView> _byName;

    /// <summary>Indexes the views by name.</summary>
    /// <exception cref="ArgumentException">Two views share a name.</exception>
    public ViewRegistry(IEnumerable<CompiledView> views)
    {
        ArgumentNullException.ThrowIfNull(views);
        _byName = new Dictionary<string, CompiledView>(StringComparer.Ordinal);
        foreach (var view in views)
        {
            if (!_byName.TryAdd(view.Name, view))
            {
                throw new ArgumentException($"view '{view.Name}' is defined twice");
            }
        }

        All = [.. _byName.Values.OrderBy(v => v.Name, StringComparer.Ordinal)];
    }

    /// <summary>The views, ordered by name.</summary>
    public IReadOnlyList<CompiledView> All { get; }

    /// <summary>Finds a view by name.</summary>
    public bool TryGet(string name, out CompiledView view) => _byName.TryGetValue(name, out view!);
}
