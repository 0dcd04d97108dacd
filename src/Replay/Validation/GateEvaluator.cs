using System.Globalization;
using System.Text;
using System.Text.Json;
using Kappa.Contracts.Definitions;
using Kappa.Contracts.Lifecycle;
using Kappa.Processor.Events;
using Kappa.Processor.Expressions;
using Kappa.Processor.Pipeline;

namespace Kappa.Replay.Validation;

/// <summary>
/// Judges a new version against the active one by the view's <see cref="GateSpec"/>:
/// <list type="bullet">
/// <item><c>rows</c>: the row counts differ by at most the tolerance, relative to the active version's;</item>
/// <item><c>total(column)</c>: for each named column (by default every <c>count</c> and <c>sum</c> column both
/// versions have), the totals over all rows differ by at most the tolerance;</item>
/// <item><c>dead_letters</c>: the new version dead-lettered at most the allowed number of records;</item>
/// <item>each user check, an expression in the filter language over the variables <c>rows</c>, <c>old_rows</c>,
/// <c>in</c>, <c>applied</c>, <c>filtered</c>, <c>dead_letters</c>, <c>late</c>, <c>total_&lt;column&gt;</c> and
/// <c>old_total_&lt;column&gt;</c>.</item>
/// </list>
/// Without an active version to compare with, the comparisons pass and say so.
/// </summary>
internal static class GateEvaluator
{
    public static GateReport Evaluate(
        CompiledView candidate,
        VersionTotals fresh,
        Contracts.Queries.RecordCounters counters,
        int? activeVersion,
        CompiledView? active,
        VersionTotals? old)
    {
        var gates = candidate.Gates;
        var checks = new List<GateCheck>();
        if (gates.RowTolerance is { } rowTolerance)
        {
            checks.Add(old is null
                ? new GateCheck("rows", true, $"{fresh.Rows} rows; no active version to compare with")
                : Compare("rows", fresh.Rows, old.Rows, rowTolerance));
        }

        foreach (var (column, tolerance) in TotalsToCompare(gates, candidate, active))
        {
            if (old is null)
            {
                checks.Add(new GateCheck($"total({column})", true, "no active version to compare with"));
                continue;
            }

            checks.Add(Compare($"total({column})", fresh.Totals.GetValueOrDefault(column), old.Totals.GetValueOrDefault(column), tolerance));
        }

        checks.Add(new GateCheck(
            "dead_letters",
            counters.DeadLettered <= gates.MaxDeadLetters,
            $"{counters.DeadLettered} records dead-lettered, at most {gates.MaxDeadLetters} allowed"));
        if (gates.Checks.Count > 0)
        {
            var variables = Variables(fresh, counters, old);
            checks.AddRange(gates.Checks.Select(check => Check(check, variables)));
        }

        return new GateReport(checks.TrueForAll(c => c.Passed), activeVersion, checks);
    }

    private static IEnumerable<(string Column, double Tolerance)> TotalsToCompare(GateSpec gates, CompiledView candidate, CompiledView? active)
    {
        if (gates.Totals is { } named)
        {
            return named.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value));
        }

        if (active is null)
        {
            return [];
        }

        static bool Additive(Processor.Aggregates.IAggregateFunction a) =>
            a.Description.StartsWith("count()", StringComparison.Ordinal) || a.Description.StartsWith("sum(", StringComparison.Ordinal);
        var shared = active.Aggregates.Where(Additive).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        return candidate.Aggregates.Where(a => Additive(a) && shared.Contains(a.Name)).Select(a => (a.Name, GateSpec.DefaultTotalTolerance));
    }

    private static GateCheck Compare(string name, decimal fresh, decimal old, double tolerance)
    {
        var difference = Math.Abs(fresh - old);
        var relative = old == 0 ? (difference == 0 ? 0 : 1) : (double)(difference / Math.Abs(old));
        var passed = tolerance == 0 ? difference == 0 : relative <= tolerance;
        var allowed = tolerance == 0 ? "exactly equal required" : $"within {tolerance:P1} allowed";
        return new GateCheck(name, passed, string.Create(CultureInfo.InvariantCulture, $"{fresh} vs {old} in the active version: {relative:P2} apart, {allowed}"));
    }

    private static byte[] Variables(VersionTotals fresh, Contracts.Queries.RecordCounters counters, VersionTotals? old)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("rows", fresh.Rows);
            json.WriteNumber("old_rows", old?.Rows ?? 0);
            json.WriteNumber("in", counters.In);
            json.WriteNumber("applied", counters.Applied);
            json.WriteNumber("filtered", counters.Filtered);
            json.WriteNumber("dead_letters", counters.DeadLettered);
            json.WriteNumber("late", counters.Late);
            foreach (var (column, total) in fresh.Totals)
            {
                json.WriteNumber($"total_{column}", total);
            }

            foreach (var (column, total) in old?.Totals ?? new Dictionary<string, decimal>())
            {
                json.WriteNumber($"old_total_{column}", total);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static GateCheck Check(string text, byte[] variables)
    {
        try
        {
            var expression = FilterExpression.Parse(text);
            var values = new FieldValue[Math.Max(1, expression.Fields.Count)];
            new FieldExtractor(expression.Fields).Extract(variables, values);
            var unknown = expression.Fields.Where((_, i) => values[i].IsMissingOrNull).ToList();
            if (unknown.Count > 0)
            {
                return new GateCheck(text, false, $"unknown variable {string.Join(", ", unknown)}; variables are rows, old_rows, in, applied, filtered, dead_letters, late, total_<column>, old_total_<column>");
            }

            var passed = expression.Evaluate(values);
            return new GateCheck(text, passed, Encoding.UTF8.GetString(variables));
        }
        catch (Exception e) when (e is FilterSyntaxException or FilterTypeException)
        {
            return new GateCheck(text, false, e.Message);
        }
    }
}
