using Kappa.Processor.Events;

namespace Kappa.Processor.Expressions;

/// <summary>The parsed form of a filter, before compilation. Columns are 1-based positions in the text.</summary>
internal abstract record FilterSyntax(int Column);

/// <summary><c>left || right</c>.</summary>
internal sealed record OrSyntax(FilterSyntax Left, FilterSyntax Right, int Column) : FilterSyntax(Column);

/// <summary><c>left &amp;&amp; right</c>.</summary>
internal sealed record AndSyntax(FilterSyntax Left, FilterSyntax Right, int Column) : FilterSyntax(Column);

/// <summary><c>!operand</c>.</summary>
internal sealed record NotSyntax(FilterSyntax Operand, int Column) : FilterSyntax(Column);

/// <summary><c>left op right</c>; <see cref="FilterSyntax.Column"/> is the operator's.</summary>
internal sealed record ComparisonSyntax(OperandSyntax Left, ComparisonOperator Operator, OperandSyntax Right, int Column) : FilterSyntax(Column);

/// <summary><c>operand in (literal, ...)</c>; at least one item.</summary>
internal sealed record InSyntax(OperandSyntax Operand, IReadOnlyList<LiteralSyntax> Items, int Column) : FilterSyntax(Column);

/// <summary>A field or a literal, standing alone as a condition or as a comparison operand.</summary>
internal abstract record OperandSyntax(int Column) : FilterSyntax(Column);

/// <summary>A field reference; <see cref="Path"/> is its segments joined by '.'.</summary>
internal sealed record FieldSyntax(string Path, int Column) : OperandSyntax(Column);

/// <summary>A literal as the value it denotes; <see cref="Text"/> is how it was written.</summary>
internal sealed record LiteralSyntax(FieldValue Value, string Text, int Column) : OperandSyntax(Column);
