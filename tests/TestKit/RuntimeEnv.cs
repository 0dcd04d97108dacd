namespace Kappa.TestKit;

/// <summary>
/// The runtime settings of <c>scripts/runtime.env</c>, read by the rules <c>./kappa</c> applies: one NAME=value a line,
/// blank lines and <c>#</c> comments skipped, a carriage return at a line's end dropped.
/// </summary>
public static class RuntimeEnv
{
    /// <summary>The settings, by name, from the file under <paramref name="root"/> (the repository's root).</summary>
    public static IReadOnlyDictionary<string, string> Read(string root) =>
        File.ReadLines(Path.Combine(root, "scripts", "runtime.env"))
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);

    /// <summary>
    /// Puts the settings into a child process's environment as <c>./kappa</c> does: each one unless that environment
    /// already gives it a non-empty value.
    /// </summary>
    public static void ApplyTo(IDictionary<string, string?> environment, string root)
    {
        foreach (var (name, value) in Read(root))
        {
            if (!environment.TryGetValue(name, out var given) || string.IsNullOrEmpty(given))
            {
                environment[name] = value;
            }
        }
    }
}
