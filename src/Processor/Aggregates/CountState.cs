using System.Buffers;
using System.Text.Json;
using Kappa.Processor.Events;

namespace Kappa.Processor.Aggregates;

/// <summary>A running count. State bytes: tag, version, count as little-endian int64.</summary>
internal sealed class CountState(CountAggregate function, long count) : IAggregateState
{
    private readonly CountAggregate _function = function;
    private readonly bool _countsEvents = function.InputField is null;
    private long _count = count;

    public void Add(in FieldValue input, in EventPosition position)
    {
        if (_countsEvents || !input.IsMissingOrNull)
        {
            _count++;
        }
    }

    public void Merge(IAggregateState other) => _count += _function.Expect<CountState>(other)._count;

    public void Write(IBufferWriter<byte> output)
    {
        output.WriteHeader(StateTag.Count);
        output.WriteInt64(_count);
    }

    public void WriteResult(Utf8JsonWriter writer) => writer.WriteNumberValue(_count);
}
