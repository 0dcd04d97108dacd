namespace Kappa.Contracts.Definitions;

/// <summary>Reads the optional <c>time</c> mapping; absent, it means record timestamps in UTC with no lateness allowance.</summary>
internal static class TimeReader
{
    private static readonly string[] Keys = ["field", "timezone", "max-disorder", "grace"];

    /// <summary>The time spec, or null when the mapping had errors (already reported).</summary>
    public static TimeSpec? Read(DefinitionNode? node, SourceLocation viewLocation, DefinitionErrors errors)
    {
        if (node is null)
        {
            return new TimeSpec(null, null, TimeSpan.Zero, TimeSpan.Zero, viewLocation);
        }

        var before = errors.Count;
        var time = MappingReader.Open(node, "'time'", Keys, errors);
        if (time is null)
        {
            return null;
        }

        var field = ValueReader.FieldPath(time.OptionalScalar("field"), "field", errors);
        var zone = time.OptionalScalar("timezone");
        var maxDisorder = ValueReader.Duration(time.OptionalScalar("max-disorder"), "max-disorder", allowZero: true, errors);
        var grace = ValueReader.Duration(time.OptionalScalar("grace"), "grace", allowZero: true, errors);
        if (zone is not null && zone.Value.Any(char.IsWhiteSpace))
        {
            errors.Add(zone.Location, $"'timezone' must be an IANA time zone id such as Europe/Berlin, found '{zone.Value}'");
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new TimeSpec(field, zone?.Value, maxDisorder ?? TimeSpan.Zero, grace ?? TimeSpan.Zero, time.Location, zone?.ContentLocation);
    }
}
