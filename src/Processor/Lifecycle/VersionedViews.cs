using System.Collections.Concurrent;
using Kappa.Processor.Hosting;
using Kappa.Processor.Pipeline;

namespace Kappa.Processor.Lifecycle;

/// <summary>
/// The compiled pipeline of each view version. A version created from YAML is compiled from the text it stored, so
/// it computes exactly what it computed when created, whatever the files on disk say now; a version of a view
/// defined in C# (no stored text) runs the code this process was built with.
/// </summary>
public sealed class VersionedViews(ViewRegistry registry)
{
    private readonly ConcurrentDictionary<(string View, int Version), CompiledView> _compiled = new();

    /// <summary>The views this process was configured with.</summary>
    public ViewRegistry Registry => registry;

    /// <summary>The pipeline of a version.</summary>
    /// <exception cref="Contracts.Definitions.ViewDefinitionException">The stored definition no longer compiles.</exception>
    /// <exception cref="KeyNotFoundException">A C# view this process does not define.</exception>
    public CompiledView Get(VersionInfo version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return _compiled.GetOrAdd((version.View, version.Version), _ => Compile(version));
    }

    private CompiledView Compile(VersionInfo version)
    {
        if (registry.TryGet(version.View, out var configured) && configured.DefinitionText == version.Definition)
        {
            return configured;
        }

        if (version.Definition is null)
        {
            throw new KeyNotFoundException($"view '{version.View}' is defined in C#, and this process does not define it");
        }

        return Compile(version.View, version.Definition, $"{version.View}.v{version.Version}");
    }

    /// <summary>Compiles the view named <paramref name="view"/> from a definition text.</summary>
    /// <exception cref="Contracts.Definitions.ViewDefinitionException">The text is invalid or does not define the view.</exception>
    public static CompiledView Compile(string view, string definition, string origin)
    {
        var views = ViewCompiler.CompileText(definition, origin);
        return views.FirstOrDefault(v => v.Name == view)
            ?? throw new Contracts.Definitions.ViewDefinitionException(
                [new Contracts.Definitions.DefinitionError(new Contracts.Definitions.SourceLocation(origin, 1, 1), $"the definition does not define view '{view}' (it defines {string.Join(", ", views.Select(v => $"'{v.Name}'"))})")]);
    }
}
