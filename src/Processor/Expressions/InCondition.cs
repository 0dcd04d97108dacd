using Kappa.Processor.Events;

namespace Kappa.Processor.Expressions;

/// <summary>
/// <c>operand in (v1, v2, ...)</c>: true when the operand equals one of the values, with the semantics of
/// <c>==</c> for each, so a missing or null operand matches only a listed <c>null</c>.
/// </summary>
internal sealed class InCondition : Condition
{
    private readonly Operand _operand;
    private readonly FieldValue[] _values;
    private readonly bool _listsNull;

    /// <param name="operand">The tested operand.</param>
    /// <param name="values">The listed values; nulls are dropped into <paramref name="listsNull"/>.</param>
    /// <param name="listsNull">Whether the list holds <c>null</c>.</param>
    public InCondition(Operand operand, FieldValue[] values, bool listsNull)
    {
        _operand = operand;
        _values = values;
        _listsNull = listsNull;
    }

    public override bool Evaluate(ReadOnlySpan<FieldValue> fields)
    {
        var value = _operand.Resolve(fields);
        if (value.IsMissingOrNull)
        {
            return _listsNull;
        }

        foreach (ref readonly var candidate in _values.AsSpan())
        {
            if (ValueComparison.AreEqual(value, candidate))
            {
                return true;
            }
        }

        return false;
    }
}
