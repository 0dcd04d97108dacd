using Kappa.Processor.Events;

namespace Kappa.Processor.Expressions;

/// <summary><c>field == null</c> (missing or null) or <c>field != null</c> (present and not null).</summary>
internal sealed class NullTestCondition(int fieldIndex, bool isNull) : Condition
{
    private readonly int _fieldIndex = fieldIndex;
    private readonly bool _isNull = isNull;

    public override bool Evaluate(ReadOnlySpan<FieldValue> fields) => fields[_fieldIndex].IsMissingOrNull == _isNull;
}
