using Kappa.Processor.Events;

namespace Kappa.Processor.Expressions;

/// <summary>
/// Turns a parsed filter into <see cref="Condition"/> nodes. Assigns each distinct field path an index in
/// order of first appearance, rejects comparisons that can never work (ordering against <c>null</c> or a
/// boolean, ordering two literals of different kinds, a string or number standing alone as a condition) and
/// folds parts that do not depend on the event into constants.
/// </summary>
internal sealed class FilterCompiler
{
    private readonly string _text;
    private readonly List<string> _fields = [];

    private FilterCompiler(string text) => _text = text;

    /// <summary>The root condition and the field paths it reads, by index.</summary>
    /// <exception cref="FilterSyntaxException">A comparison can never be evaluated.</exception>
    public static (Condition Root, string[] Fields) Compile(string text, FilterSyntax syntax)
    {
        var compiler = new FilterCompiler(text);
        var root = compiler.Compile(syntax);
        return (root, [.. compiler._fields]);
    }

    private Condition Compile(FilterSyntax syntax) => syntax switch
    {
        OrSyntax or => Or(Compile(or.Left), Compile(or.Right)),
        AndSyntax and => And(Compile(and.Left), Compile(and.Right)),
        NotSyntax not => Not(Compile(not.Operand)),
        ComparisonSyntax comparison => Comparison(comparison),
        InSyntax @in => In(@in),
        FieldSyntax field => new ComparisonCondition(Field(field), ComparisonOperator.Equal, Operand.Constant(FieldValue.FromBoolean(true), "true"), _text, field.Column),
        LiteralSyntax { Value.Kind: FieldKind.Boolean } literal => Constant(literal.Value.Boolean),
        LiteralSyntax literal => throw new FilterSyntaxException(
            _text,
            literal.Column,
            $"{ValueComparison.WithArticle(literal.Value.Kind)} alone is not a condition; compare it, e.g. status == 'paid'"),
        _ => throw new InvalidOperationException($"unexpected syntax node {syntax.GetType().Name}"),
    };

    private static Condition Or(Condition left, Condition right) => (left, right) switch
    {
        (ConstantCondition { Value: true }, _) => left,
        (ConstantCondition { Value: false }, _) => right,
        (_, ConstantCondition { Value: false }) => left,
        _ => new OrCondition(left, right),
    };

    private static Condition And(Condition left, Condition right) => (left, right) switch
    {
        (ConstantCondition { Value: false }, _) => left,
        (ConstantCondition { Value: true }, _) => right,
        (_, ConstantCondition { Value: true }) => left,
        _ => new AndCondition(left, right),
    };

    private static Condition Not(Condition operand) =>
        operand is ConstantCondition constant ? Constant(!constant.Value) : new NotCondition(operand);

    private static ConstantCondition Constant(bool value) => value ? ConstantCondition.True : ConstantCondition.False;

    private Condition Comparison(ComparisonSyntax comparison)
    {
        var (left, op, right) = (comparison.Left, comparison.Operator, comparison.Right);
        if (op.IsOrdering())
        {
            CheckOrderable(left, op, right, comparison.Column);
        }
        else if (IsNull(left) || IsNull(right))
        {
            return NullTest(IsNull(left) ? right : left, isNull: op == ComparisonOperator.Equal);
        }

        var condition = new ComparisonCondition(Resolve(left), op, Resolve(right), _text, comparison.Column);
        return left is LiteralSyntax && right is LiteralSyntax ? Constant(condition.Evaluate([])) : condition;
    }

    private Condition NullTest(OperandSyntax operand, bool isNull) => operand switch
    {
        FieldSyntax field => new NullTestCondition(Field(field).FieldIndex, isNull),
        LiteralSyntax literal => Constant(literal.Value.IsMissingOrNull == isNull),
        _ => throw new InvalidOperationException($"unexpected operand {operand.GetType().Name}"),
    };

    private Condition In(InSyntax @in)
    {
        var values = @in.Items.Where(i => !i.Value.IsMissingOrNull).Select(i => i.Value).ToArray();
        var condition = new InCondition(Resolve(@in.Operand), values, @in.Items.Any(i => i.Value.IsMissingOrNull));
        return @in.Operand is LiteralSyntax ? Constant(condition.Evaluate([])) : condition;
    }

    /// <summary>Rejects ordering comparisons that fail for every event.</summary>
    private void CheckOrderable(OperandSyntax left, ComparisonOperator op, OperandSyntax right, int column)
    {
        foreach (var operand in (ReadOnlySpan<OperandSyntax>)[left, right])
        {
            if (operand is LiteralSyntax { Value.Kind: FieldKind.Null })
            {
                throw new FilterSyntaxException(_text, operand.Column, $"'{op.Symbol()}' cannot compare with null; use == null or != null");
            }

            if (operand is LiteralSyntax { Value.Kind: FieldKind.Boolean })
            {
                throw new FilterSyntaxException(_text, operand.Column, $"'{op.Symbol()}' cannot order booleans; use == or !=");
            }
        }

        if (left is LiteralSyntax l && right is LiteralSyntax r && l.Value.Kind != r.Value.Kind)
        {
            throw new FilterSyntaxException(
                _text,
                column,
                $"'{op.Symbol()}' cannot compare {ValueComparison.WithArticle(l.Value.Kind)} with {ValueComparison.WithArticle(r.Value.Kind)}");
        }
    }

    private static bool IsNull(OperandSyntax operand) => operand is LiteralSyntax { Value.Kind: FieldKind.Null };

    private Operand Resolve(OperandSyntax operand) => operand switch
    {
        FieldSyntax field => Field(field),
        LiteralSyntax literal => Operand.Constant(literal.Value, literal.Text),
        _ => throw new InvalidOperationException($"unexpected operand {operand.GetType().Name}"),
    };

    private Operand Field(FieldSyntax field)
    {
        var index = _fields.IndexOf(field.Path);
        if (index < 0)
        {
            index = _fields.Count;
            _fields.Add(field.Path);
        }

        return Operand.Field(index, field.Path);
    }
}
