namespace Kappa.Contracts.Avro;

/// <summary>
/// Skips writer values the reader does not want (writer-only fields), validating as it goes; item counts of blocks
/// are bounded by the smallest encoded size of their values (<see cref="AvroEncodedSize"/>).
/// </summary>
internal static class AvroSkipper
{
    internal static void Skip(AvroSchema writer, ref AvroBinaryReader reader, int depth)
    {
        if (depth > ReadPlan.MaxDepth)
        {
            throw new AvroDecodeException($"value nested deeper than {ReadPlan.MaxDepth} levels");
        }

        switch (writer)
        {
            case { Type: AvroType.Null }:
                break;
            case { Type: AvroType.Boolean }:
                reader.ReadBoolean();
                break;
            case { Type: AvroType.Int }:
                reader.ReadInt();
                break;
            case { Type: AvroType.Long }:
                reader.ReadLong();
                break;
            case { Type: AvroType.Float }:
                reader.ReadFloat();
                break;
            case { Type: AvroType.Double }:
                reader.ReadDouble();
                break;
            case { Type: AvroType.Bytes or AvroType.String }:
                reader.SkipBytes();
                break;
            case AvroFixedSchema f:
                reader.ReadFixed(f.Size);
                break;
            case AvroEnumSchema e:
                reader.ReadIndex(e.Symbols.Count, "enum");
                break;
            case AvroRecordSchema r:
                foreach (var field in r.Fields)
                {
                    Skip(field.Schema, ref reader, depth + 1);
                }

                break;
            case AvroUnionSchema u:
                Skip(u.Branches[reader.ReadIndex(u.Branches.Count, "union branch")], ref reader, depth + 1);
                break;
            case AvroArraySchema a:
                SkipBlocks(a.Items, null, ref reader, depth);
                break;
            case AvroMapSchema m:
                SkipBlocks(m.Values, m, ref reader, depth);
                break;
            default:
                throw new AvroDecodeException($"cannot skip a value of type {writer.Type}");
        }
    }

    /// <summary>The fewest bytes any value of the schema encodes to (0 for null, empty records, empty fixed).</summary>
    internal static int MinSize(AvroSchema schema) => AvroEncodedSize.Min(schema);

    private static void SkipBlocks(AvroSchema items, AvroMapSchema? map, ref AvroBinaryReader reader, int depth)
    {
        var minSize = MinSize(items) + (map is null ? 0 : 1);
        for (var count = reader.ReadBlockCount(minSize); count != 0; count = reader.ReadBlockCount(minSize))
        {
            for (var i = 0L; i < count; i++)
            {
                if (map is not null)
                {
                    reader.SkipBytes();
                }

                Skip(items, ref reader, depth + 1);
            }
        }
    }
}
