namespace Kappa.Contracts.Avro;

/// <summary>Reads a writer union: the branch index selects the plan that resolves that branch against the reader.</summary>
internal sealed class UnionReadPlan(ReadPlan[] branches) : ReadPlan
{
    internal override object? Read(ref AvroBinaryReader reader, int depth)
    {
        var index = reader.ReadIndex(branches.Length, "union branch");
        return branches[index].Read(ref reader, Deeper(depth));
    }
}
