using System.Diagnostics.CodeAnalysis;
using System.Buffers;
using System.Text.Json;
using Kappa.Processor.Events;

namespace Kappa.Processor.Aggregates;

/// <summary>
/// The largest values seen, as a descending array of at most n kept values. Invariant: <c>_slots[0.._count]</c> is
/// sorted descending, all of one kind, and no value seen but not kept is larger than the last kept one. Slots are
/// reused as values are evicted, so a full state adds without allocating unless a string outgrows its slot.
/// State bytes: tag, version, the count (LEB128), then each value (kind byte and payload) largest first.
/// </summary>
internal sealed class TopState(TopAggregate function) : IAggregateState
{
    private readonly TopAggregate _function = function;
    private readonly OwnedValue?[] _slots = new OwnedValue?[function.Count];
    private int _count;

    private FieldKind Kind => _count == 0 ? FieldKind.Missing : _slots[0]!.Kind;

    public void Add(in FieldValue input, in EventPosition position)
    {
        if (OrderedInput.Accept(input, Kind, _function))
        {
            Insert(input);
        }
    }

    public bool CanAdd(in FieldValue input, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        try
        {
            _ = OrderedInput.Accept(input, Kind, _function);
            return true;
        }
        catch (AggregateInputException e)
        {
            reason = e.Message;
            return false;
        }
    }

    public void Merge(IAggregateState other)
    {
        var state = _function.Expect<TopState>(other);
        if (ReferenceEquals(state, this))
        {
            // Merging a state into itself counts every kept value twice; work from a copy, since inserting
            // reuses the very slots being read.
            state = Copy();
        }

        OrderedInput.RequireMergeable(Kind, state.Kind, _function);
        for (var i = 0; i < state._count; i++)
        {
            Insert(state._slots[i]!.AsFieldValue());
        }
    }

    public void Write(IBufferWriter<byte> output)
    {
        output.WriteHeader(StateTag.Top);
        output.WriteLength(_count);
        for (var i = 0; i < _count; i++)
        {
            _slots[i]!.Write(output);
        }
    }

    public void WriteResult(Utf8JsonWriter writer)
    {
        if (_count == 0)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartArray();
        for (var i = 0; i < _count; i++)
        {
            _slots[i]!.WriteJson(writer);
        }

        writer.WriteEndArray();
    }

    internal void Read(ref StateReader reader)
    {
        var count = reader.ReadLength();
        var value = new OwnedValue();
        for (var i = 0; i < count; i++)
        {
            value.Read(ref reader);
            if (value.IsApproximate || value.Kind is not (FieldKind.Number or FieldKind.Text) || (_count > 0 && value.Kind != Kind))
            {
                throw reader.Corrupt("stored top values are not all exact numbers or all strings");
            }

            Insert(value.AsFieldValue());
        }
    }

    /// <summary>Inserts an accepted value after any equal ones, evicting the smallest when full.</summary>
    private void Insert(in FieldValue value)
    {
        var capacity = _slots.Length;
        if (_count == capacity && _slots[capacity - 1]!.CompareTo(value) >= 0)
        {
            return;
        }

        var position = _count < capacity ? _count : capacity - 1;
        var slot = _slots[position] ?? new OwnedValue();
        while (position > 0 && _slots[position - 1]!.CompareTo(value) < 0)
        {
            _slots[position] = _slots[position - 1];
            position--;
        }

        slot.Set(value);
        _slots[position] = slot;
        if (_count < capacity)
        {
            _count++;
        }
    }

    private TopState Copy()
    {
        var copy = new TopState(_function);
        for (var i = 0; i < _count; i++)
        {
            copy.Insert(_slots[i]!.AsFieldValue());
        }

        return copy;
    }
}
