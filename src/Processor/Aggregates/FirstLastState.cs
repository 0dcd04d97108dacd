using System.Buffers;
using System.Text.Json;
using Kappa.Processor.Events;

namespace Kappa.Processor.Aggregates;

/// <summary>
/// The value at the extreme position seen so far. Invariant: when a value is kept, <c>_position</c> is its event's
/// position and no input seen lies beyond it. Equal positions mean the same event, so the kept value stays.
/// State bytes: tag, version, the value (kind byte and payload), then, when present, event time (int64),
/// partition (int32) and offset (int64), little-endian.
/// </summary>
internal sealed class FirstLastState(FirstLastAggregate function) : IAggregateState
{
    private readonly FirstLastAggregate _function = function;
    private readonly OwnedValue _value = new();
    private EventPosition _position;

    public void Add(in FieldValue input, in EventPosition position)
    {
        if (!input.IsMissingOrNull && (_value.IsEmpty || Beats(position)))
        {
            _value.Set(input);
            _position = position;
        }
    }

    public void Merge(IAggregateState other)
    {
        var state = _function.Expect<FirstLastState>(other);
        if (!state._value.IsEmpty && (_value.IsEmpty || Beats(state._position)))
        {
            _value.Set(state._value);
            _position = state._position;
        }
    }

    public void Write(IBufferWriter<byte> output)
    {
        output.WriteHeader(_function.Tag);
        _value.Write(output);
        if (!_value.IsEmpty)
        {
            output.WriteInt64(_position.EventTime);
            output.WriteInt32(_position.Partition);
            output.WriteInt64(_position.Offset);
        }
    }

    public void WriteResult(Utf8JsonWriter writer) => _value.WriteJson(writer);

    internal void Read(ref StateReader reader)
    {
        _value.Read(ref reader);
        if (!_value.IsEmpty)
        {
            _position = new EventPosition(reader.ReadInt64(), reader.ReadInt32(), reader.ReadInt64());
        }
    }

    private bool Beats(in EventPosition candidate) => _function.IsLast ? candidate > _position : candidate < _position;
}
