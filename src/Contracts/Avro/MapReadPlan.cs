namespace Kappa.Contracts.Avro;

/// <summary>
/// Reads map blocks into a dictionary; a key written twice keeps its last value, as the reference implementations do.
/// Each entry is at least one byte (its key length), which bounds the counts the binary reader accepts.
/// </summary>
internal sealed class MapReadPlan(ReadPlan values, int minValueSize) : ReadPlan
{
    internal override object? Read(ref AvroBinaryReader reader, int depth)
    {
        var next = Deeper(depth);
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var count = reader.ReadBlockCount(1 + minValueSize); count != 0; count = reader.ReadBlockCount(1 + minValueSize))
        {
            for (var i = 0L; i < count; i++)
            {
                var key = reader.ReadString();
                map[key] = values.Read(ref reader, next);
            }
        }

        return map;
    }
}
