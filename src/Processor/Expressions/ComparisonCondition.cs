using Kappa.Processor.Events;

namespace Kappa.Processor.Expressions;

/// <summary>
/// <c>left op right</c> where neither side is the literal <c>null</c> (those compile to
/// <see cref="NullTestCondition"/>). A missing or null operand makes it false; <c>==</c> and <c>!=</c> between
/// different kinds are false and true; ordering values with no common order throws
/// <see cref="FilterTypeException"/>.
/// </summary>
internal sealed class ComparisonCondition : Condition
{
    private readonly Operand _left;
    private readonly ComparisonOperator _operator;
    private readonly Operand _right;
    private readonly string _expression;
    private readonly int _column;

    /// <param name="left">The left operand.</param>
    /// <param name="op">The operator.</param>
    /// <param name="right">The right operand.</param>
    /// <param name="expression">The whole filter text, for error messages.</param>
    /// <param name="column">The operator's column, for error messages.</param>
    public ComparisonCondition(Operand left, ComparisonOperator op, Operand right, string expression, int column)
    {
        _left = left;
        _operator = op;
        _right = right;
        _expression = expression;
        _column = column;
    }

    public override bool Evaluate(ReadOnlySpan<FieldValue> fields)
    {
        var a = _left.Resolve(fields);
        var b = _right.Resolve(fields);
        if (a.IsMissingOrNull || b.IsMissingOrNull)
        {
            return false;
        }

        if (!_operator.IsOrdering())
        {
            return ValueComparison.AreEqual(a, b) == (_operator == ComparisonOperator.Equal);
        }

        return ValueComparison.TryOrder(a, b, out var order) ? _operator.Accepts(order) : throw TypeError(a, b);
    }

    /// <summary>Blames the operand whose kind has no order, else the first field of a mismatched pair.</summary>
    private FilterTypeException TypeError(in FieldValue a, in FieldValue b)
    {
        var blameLeft = !ValueComparison.IsOrderable(a.Kind) || (ValueComparison.IsOrderable(b.Kind) && _left.IsField);
        var (culprit, culpritKind, other, otherKind) = blameLeft ? (_left, a.Kind, _right, b.Kind) : (_right, b.Kind, _left, a.Kind);
        var where = $"(filter \"{_expression}\", column {_column})";
        var message = ValueComparison.IsOrderable(culpritKind)
            ? $"field '{culprit.Text}' is {ValueComparison.WithArticle(culpritKind)}, which '{_operator.Symbol()}' cannot compare with {Describe(other, otherKind)} {where}"
            : $"field '{culprit.Text}' is {ValueComparison.WithArticle(culpritKind)}, which has no order for '{_operator.Symbol()}' {where}";
        return new FilterTypeException(message, culprit.Text, culpritKind, _expression);
    }

    private static string Describe(in Operand operand, FieldKind kind) => operand.IsField
        ? $"field '{operand.Text}' ({ValueComparison.WithArticle(kind)})"
        : $"{ValueComparison.Name(kind)} {operand.Text}";
}
