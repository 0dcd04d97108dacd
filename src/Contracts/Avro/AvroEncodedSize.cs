namespace Kappa.Contracts.Avro;

/// <summary>
/// The fewest bytes any value of a schema encodes to: 0 for null, empty records and empty fixed, 4 and 8 for float and
/// double, a fixed's size, a record's fields summed, 1 for everything else (a varint, a length or a union index). A
/// block that claims more items than its remaining bytes could hold is corrupt: decoders bound counts with it, so a
/// forged count cannot make them allocate or loop beyond the input.
/// </summary>
public static class AvroEncodedSize
{
    /// <summary>The fewest bytes a value of <paramref name="schema"/> encodes to, capped at <see cref="int.MaxValue"/>.</summary>
    public static int Min(AvroSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return Min(schema, []);
    }

    private static int Min(AvroSchema schema, HashSet<AvroSchema> visiting)
    {
        switch (schema)
        {
            case { Type: AvroType.Null }:
                return 0;
            case { Type: AvroType.Float }:
                return 4;
            case { Type: AvroType.Double }:
                return 8;
            case AvroFixedSchema f:
                return f.Size;
            case AvroRecordSchema r:
                if (!visiting.Add(r))
                {
                    // A recursive record can be empty at its innermost level: it adds nothing more.
                    return 0;
                }

                var sum = 0L;
                foreach (var field in r.Fields)
                {
                    sum = Math.Min(int.MaxValue, sum + Min(field.Schema, visiting));
                }

                visiting.Remove(r);
                return (int)sum;
            default:
                return 1;
        }
    }
}
