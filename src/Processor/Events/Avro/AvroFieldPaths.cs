using Kappa.Contracts.Avro;

namespace Kappa.Processor.Events.Avro;

/// <summary>
/// Which dotted field paths a schema can hold: a segment names a record field, or a key of a map (any key may be
/// present), and a union holds a path when one of its branches does. A path the schema cannot hold is a mistake in
/// the view (or a field the writers dropped): the extractor refuses such values and the start-up check reports it.
/// </summary>
public static class AvroFieldPaths
{
    /// <summary>The paths of <paramref name="paths"/> that no value of <paramref name="schema"/> can hold, in order.</summary>
    public static IReadOnlyList<string> Missing(AvroSchema schema, IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(paths);
        return [.. paths.Distinct(StringComparer.Ordinal).Where(path => !Holds(schema, path.Split('.'), 0))];
    }

    private static bool Holds(AvroSchema schema, string[] segments, int index)
    {
        if (index == segments.Length)
        {
            return true;
        }

        return schema switch
        {
            AvroRecordSchema record => record.GetField(segments[index]) is { } field && Holds(field.Schema, segments, index + 1),
            AvroMapSchema map => Holds(map.Values, segments, index + 1),
            AvroUnionSchema union => union.Branches.Any(branch => Holds(branch, segments, index)),
            _ => false,
        };
    }
}
