namespace Kappa.Contracts.Definitions;

/// <summary>
/// Interprets single scalar values (durations, names, keywords), reporting a located error and returning
/// null when the value is not acceptable.
/// </summary>
internal static class ValueReader
{
    /// <summary>A duration; zero only where <paramref name="allowZero"/> (grace and max-disorder).</summary>
    public static TimeSpan? Duration(ScalarNode? node, string key, bool allowZero, DefinitionErrors errors)
    {
        if (node is null)
        {
            return null;
        }

        if (!DurationParser.TryParse(node.Value, out var duration))
        {
            errors.Add(node.Location, $"'{key}' is not a valid duration: '{node.Value}'; {DurationParser.Examples}");
            return null;
        }

        if (duration == TimeSpan.Zero && !allowZero)
        {
            errors.Add(node.Location, $"'{key}' must be longer than zero");
            return null;
        }

        return duration;
    }

    /// <summary>A dotted field path.</summary>
    public static string? FieldPath(ScalarNode? node, string key, DefinitionErrors errors)
    {
        if (node is null)
        {
            return null;
        }

        if (!NameRules.IsFieldPath(node.Value))
        {
            errors.Add(node.Location, $"'{key}' must be a field path (letters, digits, '_' and '-', parts separated by '.'), found '{node.Value}'");
            return null;
        }

        return node.Value;
    }

    /// <summary>One of <paramref name="choices"/>, matched exactly (keywords are lower case).</summary>
    public static T? Keyword<T>(ScalarNode? node, string key, IReadOnlyList<(string Word, T Value)> choices, DefinitionErrors errors)
        where T : struct
    {
        if (node is null)
        {
            return null;
        }

        foreach (var (word, value) in choices)
        {
            if (node.Value == word)
            {
                return value;
            }
        }

        var words = choices.Select(c => c.Word).ToArray();
        var hint = Suggestions.Closest(node.Value, words) is { } suggestion
            ? $"did you mean '{suggestion}'?"
            : $"expected one of: {string.Join(", ", words)}";
        errors.Add(node.Location, $"unknown {key} '{node.Value}'; {hint}");
        return null;
    }
}
