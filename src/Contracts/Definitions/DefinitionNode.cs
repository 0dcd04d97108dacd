namespace Kappa.Contracts.Definitions;

/// <summary>
/// A node of a parsed YAML document with its position. The loader reads YAML into these rather than into
/// YamlDotNet's representation model so that duplicate keys become collected errors instead of an
/// exception that hides every other problem, and so that tags and styles cannot change a value's meaning:
/// every scalar is text, interpreted by the key it belongs to.
/// </summary>
internal abstract class DefinitionNode(SourceLocation location)
{
    public SourceLocation Location { get; } = location;

    /// <summary>What the user wrote, for messages such as "expected a list, found a mapping".</summary>
    public abstract string Description { get; }
}

/// <summary>A scalar. <see cref="IsNull"/> is true for an empty value or a plain <c>~</c>/<c>null</c>.</summary>
internal sealed class ScalarNode(string value, bool isNull, bool isPlain, SourceLocation location, SourceLocation contentLocation)
    : DefinitionNode(location)
{
    public string Value { get; } = value;

    /// <summary>Written without quotes or block indicators.</summary>
    public bool IsPlain { get; } = isPlain;

    public bool IsNull { get; } = isNull;

    /// <summary>The first character of the value: past the opening quote of a quoted scalar.</summary>
    public SourceLocation ContentLocation { get; } = contentLocation;

    public override string Description => IsNull ? "no value" : $"'{Value}'";
}

/// <summary>A mapping; entries in document order, keys unique (the reader reports and drops duplicates).</summary>
internal sealed class MappingNode(IReadOnlyList<MappingEntry> entries, bool isFlow, SourceLocation location) : DefinitionNode(location)
{
    public IReadOnlyList<MappingEntry> Entries { get; } = entries;

    /// <summary>Written inline as <c>{ ... }</c>, where an unquoted comma ends a value.</summary>
    public bool IsFlow { get; } = isFlow;

    public override string Description => "a mapping";
}

/// <summary>One key and its value.</summary>
internal sealed record MappingEntry(ScalarNode Key, DefinitionNode Value);

/// <summary>A sequence, items in document order.</summary>
internal sealed class SequenceNode(IReadOnlyList<DefinitionNode> items, SourceLocation location) : DefinitionNode(location)
{
    public IReadOnlyList<DefinitionNode> Items { get; } = items;

    public override string Description => "a list";
}
