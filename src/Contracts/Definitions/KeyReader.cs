namespace Kappa.Contracts.Definitions;

/// <summary>
/// Reads <c>key</c>: a list of field paths (<c>key: [region, customer.tier]</c>) or a single path
/// (<c>key: region</c>). Absent means the record key; an empty list is rejected because it would silently
/// mean the same.
/// </summary>
internal static class KeyReader
{
    /// <summary>The key fields (empty when absent), or null when they had errors (reported).</summary>
    public static IReadOnlyList<string>? Read(DefinitionNode? node, DefinitionErrors errors)
    {
        switch (node)
        {
            case null:
                return [];
            case ScalarNode { IsNull: false } single:
                return ValueReader.FieldPath(single, "key", errors) is { } path ? [path] : null;
            case SequenceNode { Items.Count: > 0 } list:
                return ReadList(list, errors);
            default:
                errors.Add(node.Location, $"'key' must be a field or a list of fields, found {node.Description}; remove it to group by the record key");
                return null;
        }
    }

    private static string[]? ReadList(SequenceNode list, DefinitionErrors errors)
    {
        var before = errors.Count;
        var fields = new List<string>();
        foreach (var item in list.Items)
        {
            if (item is not ScalarNode { IsNull: false } scalar)
            {
                errors.Add(item.Location, $"a key field must be a field path, found {item.Description}");
                continue;
            }

            if (ValueReader.FieldPath(scalar, "key", errors) is not { } path)
            {
                continue;
            }

            if (fields.Contains(path, StringComparer.Ordinal))
            {
                errors.Add(scalar.Location, $"key field '{path}' is listed twice");
                continue;
            }

            fields.Add(path);
        }

        return errors.Count > before ? null : [.. fields];
    }
}
