using Kappa.Processor.Events;

namespace Kappa.Processor.Expressions;

/// <summary><c>left &amp;&amp; right</c>, short-circuit: the right side is not evaluated when the left is false.</summary>
internal sealed class AndCondition(Condition left, Condition right) : Condition
{
    private readonly Condition _left = left;
    private readonly Condition _right = right;

    public override bool Evaluate(ReadOnlySpan<FieldValue> fields) => _left.Evaluate(fields) && _right.Evaluate(fields);
}

/// <summary><c>left || right</c>, short-circuit: the right side is not evaluated when the left is true.</summary>
internal sealed class OrCondition(Condition left, Condition right) : Condition
{
    private readonly Condition _left = left;
    private readonly Condition _right = right;

    public override bool Evaluate(ReadOnlySpan<FieldValue> fields) => _left.Evaluate(fields) || _right.Evaluate(fields);
}

/// <summary><c>!operand</c>.</summary>
internal sealed class NotCondition(Condition operand) : Condition
{
    private readonly Condition _operand = operand;

    public override bool Evaluate(ReadOnlySpan<FieldValue> fields) => !_operand.Evaluate(fields);
}

/// <summary>A condition known at compile time (<c>true</c>, or a comparison of two literals).</summary>
internal sealed class ConstantCondition(bool value) : Condition
{
    public static ConstantCondition True { get; } = new(true);

    public static ConstantCondition False { get; } = new(false);

    public bool Value { get; } = value;

    public override bool Evaluate(ReadOnlySpan<FieldValue> fields) => Value;
}
