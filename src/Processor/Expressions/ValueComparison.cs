using Kappa.Processor.Events;

namespace Kappa.Processor.Expressions;

/// <summary>
/// Equality and order of present, non-null field values, without allocating. Numbers compare exactly as
/// decimals, or as doubles when either side is approximate. Strings compare by their UTF-8 bytes, which is
/// ordinal order by Unicode code point. Booleans, objects and arrays have equality but no order; objects and
/// arrays are equal when their raw JSON is byte-identical.
/// </summary>
internal static class ValueComparison
{
    /// <summary>Whether two present, non-null values are equal; values of different kinds never are.</summary>
    public static bool AreEqual(in FieldValue a, in FieldValue b)
    {
        if (a.Kind != b.Kind)
        {
            return false;
        }

        return a.Kind switch
        {
            FieldKind.Boolean => a.Boolean == b.Boolean,
            FieldKind.Number => a.IsApproximate || b.IsApproximate
                ? a.AsDouble.Equals(b.AsDouble)
                : a.Number == b.Number,
            _ => a.Utf8.Span.SequenceEqual(b.Utf8.Span),
        };
    }

    /// <summary>Orders two present, non-null values; false when they have no common order.</summary>
    public static bool TryOrder(in FieldValue a, in FieldValue b, out int order)
    {
        order = 0;
        if (a.Kind != b.Kind)
        {
            return false;
        }

        switch (a.Kind)
        {
            case FieldKind.Number:
                order = a.IsApproximate || b.IsApproximate
                    ? a.AsDouble.CompareTo(b.AsDouble)
                    : decimal.Compare(a.Number, b.Number);
                return true;
            case FieldKind.Text:
                order = a.Utf8.Span.SequenceCompareTo(b.Utf8.Span);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Whether values of this kind can be ordered at all.</summary>
    public static bool IsOrderable(FieldKind kind) => kind is FieldKind.Number or FieldKind.Text;

    /// <summary>The kind as a user reads it in messages: "number", "string".</summary>
    public static string Name(FieldKind kind) => kind switch
    {
        FieldKind.Missing => "missing",
        FieldKind.Null => "null",
        FieldKind.Boolean => "boolean",
        FieldKind.Number => "number",
        FieldKind.Text => "string",
        _ => "object or array",
    };

    /// <summary>The kind with an article: "a number", "an object or array".</summary>
    public static string WithArticle(FieldKind kind) => kind == FieldKind.Composite ? "an object or array" : $"a {Name(kind)}";
}
