namespace Kappa.Contracts.Definitions;

/// <summary>
/// Loads declarative view definitions (YAML, see <c>docs/views.md</c>) into <see cref="ViewSpec"/>s. A file
/// holds one view per YAML document; separate several with <c>---</c> lines. Loading is all or nothing:
/// every problem found in every file is collected and thrown together as one
/// <see cref="ViewDefinitionException"/>. The result is deterministic: files in ordinal order of their
/// names, views in document order.
/// </summary>
public static class ViewDefinitionLoader
{
    /// <summary>Loads <paramref name="path"/>: a directory with <see cref="LoadDirectory"/>, otherwise a file with <see cref="LoadFile"/>.</summary>
    /// <param name="path">A definition file or a directory of them.</param>
    /// <exception cref="ViewDefinitionException">A definition is invalid.</exception>
    public static IReadOnlyList<ViewSpec> Load(string path) =>
        Directory.Exists(path) ? LoadDirectory(path) : LoadFile(path);

    /// <summary>Loads the views of one file.</summary>
    /// <param name="path">The file; locations in errors name it as given.</param>
    /// <exception cref="ViewDefinitionException">A definition is invalid.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IReadOnlyList<ViewSpec> LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ParseAll([(path, File.ReadAllText(path))]);
    }

    /// <summary>
    /// Loads every <c>*.yaml</c> and <c>*.yml</c> file directly in <paramref name="path"/> (not in
    /// subdirectories), in ordinal order of file name. An empty directory yields no views.
    /// </summary>
    /// <param name="path">The directory; locations in errors name files as <c>path/file</c>.</param>
    /// <exception cref="ViewDefinitionException">A definition is invalid, or two files define the same view.</exception>
    /// <exception cref="IOException">The directory or a file cannot be read.</exception>
    public static IReadOnlyList<ViewSpec> LoadDirectory(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var files = Directory.EnumerateFiles(path)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .OrderBy(Path.GetFileName, StringComparer.Ordinal)
            .Select(f => (f, File.ReadAllText(f)))
            .ToArray();
        return ParseAll(files);
    }

    /// <summary>Parses definitions held in memory, as if read from a file called <paramref name="fileName"/>.</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="fileName">The name locations report.</param>
    /// <exception cref="ViewDefinitionException">A definition is invalid.</exception>
    public static IReadOnlyList<ViewSpec> Parse(string yaml, string fileName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(fileName);
        return ParseAll([(fileName, yaml)]);
    }

    private static List<ViewSpec> ParseAll(IReadOnlyList<(string File, string Text)> files)
    {
        var errors = new DefinitionErrors();
        var views = new List<ViewSpec>();
        var names = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var (file, text) in files)
        {
            var errorsBefore = errors.Count;
            var documents = YamlTreeReader.Read(text, file, errors);
            if (documents.All(d => d is null) && errors.Count == errorsBefore)
            {
                errors.Add(new SourceLocation(file, 1, 1), "the file defines no view");
            }

            foreach (var document in documents.OfType<DefinitionNode>())
            {
                if (ViewReader.Read(document, errors) is not { } view)
                {
                    continue;
                }

                if (names.TryGetValue(view.Name, out var first))
                {
                    errors.Add(view.Location, $"view '{view.Name}' is defined twice (first at {first})");
                    continue;
                }

                names.Add(view.Name, view.Location);
                views.Add(view);
            }
        }

        errors.ThrowIfAny();
        return views;
    }
}
