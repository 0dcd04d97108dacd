namespace Kappa.Contracts.Definitions;

/// <summary>
/// Reads the <c>aggregates</c> mapping of output names to calls, keeping the order written. Duplicate output
/// names are already reported by the YAML reader as duplicate keys.
/// </summary>
internal static class AggregatesReader
{
    /// <summary>The aggregates, or null when any had errors (all reported).</summary>
    public static IReadOnlyList<AggregateSpec>? Read(DefinitionNode node, DefinitionErrors errors)
    {
        if (node is not MappingNode mapping || mapping.Entries.Count == 0)
        {
            errors.Add(node.Location, $"'aggregates' must map output names to aggregates, e.g. 'orders: count()', found {node.Description}");
            return null;
        }

        var before = errors.Count;
        var aggregates = new List<AggregateSpec>();
        var skipFragments = false;
        for (var i = 0; i < mapping.Entries.Count; i++)
        {
            var (key, value) = mapping.Entries[i];
            if (skipFragments && value is ScalarNode { IsNull: true })
            {
                continue;
            }

            skipFragments = false;
            if (!NameRules.IsOutputName(key.Value))
            {
                errors.Add(key.Location, $"aggregate name '{key.Value}' must be letters, digits and '_', not starting with a digit");
            }

            if (value is not ScalarNode { IsNull: false } call)
            {
                errors.Add(value.Location, $"aggregate '{key.Value}' must be a call such as count() or sum(amount), found {value.Description}");
                continue;
            }

            if (IsSplitAtComma(mapping, i))
            {
                // YAML ended the value at a comma: "{ n: top(amount, 5) }" reads as n: "top(amount" and a key "5)".
                errors.Add(call.ContentLocation.AddColumns(call.Value.Length), "expected ')' to close the arguments (in a { } mapping, quote a call that contains commas)");
                skipFragments = true;
                continue;
            }

            var problems = new List<(int Offset, string Message)>();
            var parsed = AggregateSyntax.Parse(call.Value, problems);
            foreach (var (offset, message) in problems)
            {
                errors.Add(call.ContentLocation.AddColumns(offset), message);
            }

            if (parsed is { } p)
            {
                aggregates.Add(new AggregateSpec(key.Value, p.Function, p.Arguments, key.Location));
            }
        }

        return errors.Count > before ? null : aggregates;
    }

    /// <summary>Whether entry <paramref name="index"/> is an open call whose arguments YAML took for further keys.</summary>
    private static bool IsSplitAtComma(MappingNode mapping, int index) =>
        mapping.IsFlow
        && mapping.Entries[index].Value is ScalarNode { IsPlain: true } call
        && call.Value.Contains('(', StringComparison.Ordinal)
        && !call.Value.Contains(')', StringComparison.Ordinal)
        && index + 1 < mapping.Entries.Count
        && mapping.Entries[index + 1].Value is ScalarNode { IsNull: true };
}
