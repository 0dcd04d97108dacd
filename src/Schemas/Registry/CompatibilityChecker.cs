using Kappa.Contracts.Avro;
using Kappa.Contracts.Schemas;

namespace Kappa.Schemas.Registry;

/// <summary>
/// Judges a candidate schema against a subject's earlier versions under a compatibility level, as Confluent's
/// registry does for Avro: backward means the candidate reads the old data, forward that the old schemas read the
/// candidate's data; plain levels look at the latest version only, transitive ones at all of them.
/// </summary>
internal static class CompatibilityChecker
{
    /// <summary>Why the candidate breaks the level; empty when it does not. <paramref name="earlier"/> is oldest first.</summary>
    public static IReadOnlyList<string> Check(AvroSchema candidate, IReadOnlyList<(int Version, AvroSchema Schema)> earlier, CompatibilityLevel level)
    {
        if (level == CompatibilityLevel.None || earlier.Count == 0)
        {
            return [];
        }

        var problems = new List<string>();
        var compared = level.IsTransitive() ? earlier : [earlier[^1]];
        foreach (var (version, old) in compared)
        {
            if (level.ChecksBackward())
            {
                problems.AddRange(AvroCompatibility.Check(writer: old, reader: candidate)
                    .Select(p => $"{level.ToWireName()}: the new schema cannot read data written with version {version}: {p}"));
            }

            if (level.ChecksForward())
            {
                problems.AddRange(AvroCompatibility.Check(writer: candidate, reader: old)
                    .Select(p => $"{level.ToWireName()}: version {version} cannot read data written with the new schema: {p}"));
            }
        }

        return problems;
    }
}
