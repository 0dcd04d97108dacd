using System.Collections;

namespace Kappa.Contracts.Avro;

/// <summary>
/// Chooses the union branch for a generic value: the first branch whose type holds the value exactly, else the
/// first that holds it after numeric widening. Named values (records, enums, fixed) match by full name.
/// </summary>
internal static class AvroUnionBranch
{
    internal static int Select(AvroUnionSchema union, object? value)
    {
        var exact = Find(union, b => Exact(b, value));
        return exact >= 0 ? exact : Find(union, b => Widened(b.Type, value));
    }

    private static int Find(AvroUnionSchema union, Func<AvroSchema, bool> predicate)
    {
        for (var i = 0; i < union.Branches.Count; i++)
        {
            if (predicate(union.Branches[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Exact(AvroSchema branch, object? value) => (branch, value) switch
    {
        ({ Type: AvroType.Null }, null) => true,
        ({ Type: AvroType.Boolean }, bool) => true,
        ({ Type: AvroType.Int }, int) => true,
        ({ Type: AvroType.Long }, long) => true,
        ({ Type: AvroType.Float }, float) => true,
        ({ Type: AvroType.Double }, double) => true,
        ({ Type: AvroType.Bytes }, byte[]) => true,
        ({ Type: AvroType.String }, string) => true,
        (AvroRecordSchema r, AvroRecord v) => r.FullName == v.Schema.FullName,
        (AvroEnumSchema e, AvroEnumSymbol v) => e.FullName == v.Schema.FullName,
        (AvroFixedSchema f, AvroFixed v) => f.FullName == v.Schema.FullName,
        ({ Type: AvroType.Map }, IEnumerable<KeyValuePair<string, object?>>) => true,
        ({ Type: AvroType.Array }, IEnumerable and not string and not byte[] and not IDictionary) => true,
        _ => false,
    };

    private static bool Widened(AvroType branch, object? value) => (branch, value) switch
    {
        (AvroType.Long or AvroType.Float or AvroType.Double, int) => true,
        (AvroType.Float or AvroType.Double, long) => true,
        (AvroType.Double, float) => true,
        _ => false,
    };
}
