namespace Kappa.Contracts.Avro;

/// <summary>Reads array blocks into a list; counts are checked against the input by the binary reader.</summary>
internal sealed class ArrayReadPlan(ReadPlan items, int minItemSize) : ReadPlan
{
    internal override object? Read(ref AvroBinaryReader reader, int depth)
    {
        var next = Deeper(depth);
        var list = new List<object?>();
        for (var count = reader.ReadBlockCount(minItemSize); count != 0; count = reader.ReadBlockCount(minItemSize))
        {
            for (var i = 0L; i < count; i++)
            {
                list.Add(items.Read(ref reader, next));
            }
        }

        return list;
    }
}
