using System.Diagnostics.CodeAnalysis;
using System.Buffers;
using System.Text.Json;
using Kappa.Processor.Events;

namespace Kappa.Processor.Aggregates;

/// <summary>
/// A running exact sum and count. Invariant: <c>_sum</c> is exactly the sum of the <c>_count</c> numbers seen.
/// State bytes: tag, version, count as little-endian int64, normalized sum as 16 bytes.
/// </summary>
internal sealed class AverageState(AverageAggregate function, long count, decimal sum) : IAggregateState
{
    private readonly AverageAggregate _function = function;
    private long _count = count;
    private decimal _sum = sum;

    public void Add(in FieldValue input, in EventPosition position)
    {
        if (input.IsMissingOrNull)
        {
            return;
        }

        _sum = ExactNumbers.Add(_sum, ExactNumbers.Require(input, _function), _function);
        _count++;
    }

    public bool CanAdd(in FieldValue input, [NotNullWhen(false)] out string? reason) =>
        ExactNumbers.CanAdd(_sum, input, _function, out reason);

    public void Merge(IAggregateState other)
    {
        var state = _function.Expect<AverageState>(other);
        _sum = ExactNumbers.Add(_sum, state._sum, _function);
        _count += state._count;
    }

    public void Write(IBufferWriter<byte> output)
    {
        output.WriteHeader(StateTag.Average);
        output.WriteInt64(_count);
        output.WriteDecimal(_sum);
    }

    public void WriteResult(Utf8JsonWriter writer)
    {
        if (_count == 0)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteNumberValue(DecimalMath.Normalize(_sum / _count));
        }
    }
}
