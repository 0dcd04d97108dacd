using Kappa.Processor.Events;

namespace Kappa.Processor.Aggregates;

/// <summary>
/// The input rules of the ordering aggregates (<c>min</c>, <c>max</c>, <c>top</c>): a column holds exact numbers
/// or strings, never both, since there is no order between them that would not surprise someone.
/// </summary>
internal static class OrderedInput
{
    /// <summary>
    /// Whether to take the input: <see langword="false"/> for missing or null (skipped); throws for a kind that
    /// has no order or that differs from <paramref name="columnKind"/>, the kind the state already holds.
    /// </summary>
    public static bool Accept(in FieldValue input, FieldKind columnKind, BuiltInAggregate function)
    {
        switch (input.Kind)
        {
            case FieldKind.Missing or FieldKind.Null:
                return false;
            case FieldKind.Number when input.IsApproximate:
                throw function.InputError(InputErrors.Approximate(input));
            case FieldKind.Number or FieldKind.Text:
                if (columnKind != FieldKind.Missing && columnKind != input.Kind)
                {
                    throw function.InputError($"got {InputErrors.Describe(input)}, but earlier inputs were {Plural(columnKind)}; a column cannot mix numbers and strings");
                }

                return true;
            default:
                throw function.InputError($"expected a number or a string but got {InputErrors.Describe(input)}");
        }
    }

    /// <summary>Throws unless two states' kinds can be merged (equal, or one of them empty).</summary>
    public static void RequireMergeable(FieldKind mine, FieldKind theirs, BuiltInAggregate function)
    {
        if (mine != FieldKind.Missing && theirs != FieldKind.Missing && mine != theirs)
        {
            throw function.InputError($"cannot merge a state of {Plural(theirs)} into a state of {Plural(mine)}; a column cannot mix numbers and strings");
        }
    }

    private static string Plural(FieldKind kind) => kind == FieldKind.Number ? "numbers" : "strings";
}
