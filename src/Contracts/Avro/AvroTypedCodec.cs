namespace Kappa.Contracts.Avro;

/// <summary>Reads one item of a collection from Avro binary.</summary>
/// <typeparam name="T">The item's C# type.</typeparam>
public delegate T AvroItemReader<out T>(ref AvroBinaryReader reader);

/// <summary>
/// Collections for typed codecs (the ones generated from .avsc files): arrays and maps in Avro's block encoding,
/// read and written without generic records or boxing. Item readers and writers are static lambdas, so calls
/// allocate only the collections they return.
/// </summary>
public static class AvroTypedCodec
{
    /// <summary>Reads an array; <paramref name="minItemSize"/> is the smallest encoded item, for the block-count check.</summary>
    public static List<T> ReadArray<T>(ref AvroBinaryReader reader, int minItemSize, AvroItemReader<T> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var list = new List<T>();
        for (var count = reader.ReadBlockCount(minItemSize); count != 0; count = reader.ReadBlockCount(minItemSize))
        {
            for (var i = 0L; i < count; i++)
            {
                list.Add(item(ref reader));
            }
        }

        return list;
    }

    /// <summary>Reads a map with string keys, ordinal.</summary>
    public static Dictionary<string, T> ReadMap<T>(ref AvroBinaryReader reader, int minValueSize, AvroItemReader<T> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        for (var count = reader.ReadBlockCount(1 + minValueSize); count != 0; count = reader.ReadBlockCount(1 + minValueSize))
        {
            for (var i = 0L; i < count; i++)
            {
                var key = reader.ReadString();
                map[key] = value(ref reader);
            }
        }

        return map;
    }

    /// <summary>Writes an array as one block and the end marker.</summary>
    public static void WriteArray<T>(AvroBinaryWriter writer, IReadOnlyList<T> items, Action<AvroBinaryWriter, T> item)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(item);
        if (items.Count > 0)
        {
            writer.WriteLong(items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                item(writer, items[i]);
            }
        }

        writer.WriteLong(0);
    }

    /// <summary>Writes a map as one block and the end marker.</summary>
    public static void WriteMap<T>(AvroBinaryWriter writer, IReadOnlyDictionary<string, T> entries, Action<AvroBinaryWriter, T> value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(value);
        if (entries.Count > 0)
        {
            writer.WriteLong(entries.Count);
            foreach (var (key, item) in entries)
            {
                writer.WriteString(key);
                value(writer, item);
            }
        }

        writer.WriteLong(0);
    }
}
