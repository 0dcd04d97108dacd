namespace Kappa.Contracts.Definitions;

/// <summary>
/// Reads one YAML mapping of the schema: reports keys the schema does not know (with a suggestion for
/// typos) as soon as it is opened, and missing or mistyped values as they are asked for. Every report goes
/// to the shared <see cref="DefinitionErrors"/>; callers get null for a value that cannot be used.
/// </summary>
internal sealed class MappingReader
{
    private readonly MappingNode _mapping;
    private readonly string _what;
    private readonly DefinitionErrors _errors;

    private MappingReader(MappingNode mapping, string what, IReadOnlyList<string> knownKeys, DefinitionErrors errors)
    {
        _mapping = mapping;
        _what = what;
        _errors = errors;
        foreach (var entry in mapping.Entries)
        {
            if (!knownKeys.Contains(entry.Key.Value, StringComparer.Ordinal))
            {
                var hint = Suggestions.Closest(entry.Key.Value, knownKeys) is { } suggestion
                    ? $"did you mean '{suggestion}'?"
                    : $"expected one of: {string.Join(", ", knownKeys)}";
                errors.Add(entry.Key.Location, $"unknown key '{entry.Key.Value}' in {what}; {hint}");
            }
        }
    }

    public SourceLocation Location => _mapping.Location;

    /// <summary>The keys present, in document order.</summary>
    public IEnumerable<ScalarNode> Keys => _mapping.Entries.Select(e => e.Key);

    /// <summary>Opens <paramref name="node"/> as a mapping, or reports what was found instead and returns null.</summary>
    public static MappingReader? Open(DefinitionNode node, string what, IReadOnlyList<string> knownKeys, DefinitionErrors errors)
    {
        if (node is MappingNode mapping)
        {
            return new MappingReader(mapping, what, knownKeys, errors);
        }

        errors.Add(node.Location, $"{what} must be a mapping of keys to values, found {node.Description}");
        return null;
    }

    /// <summary>The value of <paramref name="key"/>, or null when absent.</summary>
    public DefinitionNode? Optional(string key) =>
        _mapping.Entries.FirstOrDefault(e => e.Key.Value == key)?.Value;

    /// <summary>The value of <paramref name="key"/>; reports its absence.</summary>
    public DefinitionNode? Required(string key)
    {
        var value = Optional(key);
        if (value is null)
        {
            _errors.Add(_mapping.Location, $"{_what} is missing required key '{key}'");
        }

        return value;
    }

    /// <summary>A scalar with a value, or null (reported when present but not a usable scalar).</summary>
    public ScalarNode? OptionalScalar(string key) => Optional(key) is { } node ? AsScalar(key, node) : null;

    /// <summary>A scalar with a value, or null (reported when absent or not a usable scalar).</summary>
    public ScalarNode? RequiredScalar(string key) => Required(key) is { } node ? AsScalar(key, node) : null;

    private ScalarNode? AsScalar(string key, DefinitionNode node)
    {
        switch (node)
        {
            case ScalarNode { IsNull: true }:
                _errors.Add(node.Location, $"'{key}' has no value; give it one or remove the key");
                return null;
            case ScalarNode scalar:
                return scalar;
            default:
                _errors.Add(node.Location, $"'{key}' must be a single value, found {node.Description}");
                return null;
        }
    }
}
