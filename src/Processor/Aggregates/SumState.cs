using System.Diagnostics.CodeAnalysis;
using System.Buffers;
using System.Text.Json;
using Kappa.Processor.Events;

namespace Kappa.Processor.Aggregates;

/// <summary>
/// A running exact sum. Invariant: <c>_sum</c> is exactly the sum of the numbers seen, and 0 until one is seen.
/// State bytes: tag, version, a has-value flag, then the normalized sum as 16 bytes when present.
/// </summary>
internal sealed class SumState(SumAggregate function, bool hasValue, decimal sum) : IAggregateState
{
    private readonly SumAggregate _function = function;
    private bool _hasValue = hasValue;
    private decimal _sum = sum;

    public void Add(in FieldValue input, in EventPosition position)
    {
        if (input.IsMissingOrNull)
        {
            return;
        }

        _sum = ExactNumbers.Add(_sum, ExactNumbers.Require(input, _function), _function);
        _hasValue = true;
    }

    public bool CanAdd(in FieldValue input, [NotNullWhen(false)] out string? reason) =>
        ExactNumbers.CanAdd(_sum, input, _function, out reason);

    public void Merge(IAggregateState other)
    {
        var state = _function.Expect<SumState>(other);
        if (state._hasValue)
        {
            _sum = ExactNumbers.Add(_sum, state._sum, _function);
            _hasValue = true;
        }
    }

    public void Write(IBufferWriter<byte> output)
    {
        output.WriteHeader(StateTag.Sum);
        output.WriteByte(_hasValue ? (byte)1 : (byte)0);
        if (_hasValue)
        {
            output.WriteDecimal(_sum);
        }
    }

    public void WriteResult(Utf8JsonWriter writer)
    {
        if (_hasValue)
        {
            writer.WriteNumberValue(DecimalMath.Normalize(_sum));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
