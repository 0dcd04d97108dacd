using System.Globalization;

namespace Kappa.Contracts.Definitions;

/// <summary>
/// Reads <c>gates:</c>, a mapping with optional entries:
/// <code>
/// gates:
///   rows: 10%                          # row count within 10% of the active version; exact or off also work
///   totals: { orders: exact, revenue: 0.5% }
///   dead-letters: 0                    # most records the replay may dead-letter
///   checks: [ "rows > 0", "total_revenue >= old_total_revenue" ]
/// </code>
/// Absent entries take <see cref="GateSpec.Default"/>'s values.
/// </summary>
internal static class GatesReader
{
    private static readonly string[] Keys = ["rows", "totals", "dead-letters", "checks"];

    /// <summary>The gates (the defaults when absent), or null when they had errors (reported).</summary>
    public static GateSpec? Read(DefinitionNode? node, DefinitionErrors errors)
    {
        if (node is null)
        {
            return GateSpec.Default;
        }

        var gates = MappingReader.Open(node, "gates", Keys, errors);
        if (gates is null)
        {
            return null;
        }

        var before = errors.Count;
        var rows = gates.OptionalScalar("rows") is { } rowsNode ? Tolerance(rowsNode, "rows", allowOff: true, errors) : GateSpec.DefaultRowTolerance;
        var totals = Totals(gates.Optional("totals"), errors);
        long deadLetters = 0;
        if (gates.OptionalScalar("dead-letters") is { } dlq
            && !(long.TryParse(dlq.Value, NumberStyles.None, CultureInfo.InvariantCulture, out deadLetters)))
        {
            errors.Add(dlq.ContentLocation, $"'dead-letters' must be a whole number of records, found {dlq.Description}");
        }

        var checks = Checks(gates.Optional("checks"), errors);
        return errors.Count > before || checks is null ? null : new GateSpec(rows, totals, deadLetters, checks);
    }

    private static double? Tolerance(ScalarNode node, string key, bool allowOff, DefinitionErrors errors)
    {
        var text = node.Value.Trim();
        if (text == "exact")
        {
            return 0;
        }

        if (allowOff && text == "off")
        {
            return null;
        }

        if (text.EndsWith('%')
            && double.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent)
            && percent is >= 0 and <= 1000)
        {
            return percent / 100;
        }

        errors.Add(node.ContentLocation, $"'{key}' must be 'exact', a percentage like 5%{(allowOff ? " or 'off'" : string.Empty)}, found {node.Description}");
        return null;
    }

    private static Dictionary<string, double>? Totals(DefinitionNode? node, DefinitionErrors errors)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not MappingNode mapping)
        {
            errors.Add(node.Location, $"'totals' must map aggregate columns to tolerances, found {node.Description}");
            return null;
        }

        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            if (entry.Value is not ScalarNode value)
            {
                errors.Add(entry.Value.Location, $"the tolerance of '{entry.Key.Value}' must be 'exact' or a percentage, found {entry.Value.Description}");
                continue;
            }

            if (Tolerance(value, entry.Key.Value, allowOff: false, errors) is { } tolerance)
            {
                totals[entry.Key.Value] = tolerance;
            }
        }

        return totals;
    }

    private static List<string>? Checks(DefinitionNode? node, DefinitionErrors errors)
    {
        switch (node)
        {
            case null:
                return [];
            case ScalarNode { IsNull: false } single:
                return [single.Value];
            case SequenceNode list:
                var checks = new List<string>();
                foreach (var item in list.Items)
                {
                    if (item is ScalarNode { IsNull: false } scalar)
                    {
                        checks.Add(scalar.Value);
                    }
                    else
                    {
                        errors.Add(item.Location, $"a check must be an expression, found {item.Description}");
                    }
                }

                return checks;
            default:
                errors.Add(node.Location, $"'checks' must be an expression or a list of them, found {node.Description}");
                return null;
        }
    }
}
