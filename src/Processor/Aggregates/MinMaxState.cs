using System.Diagnostics.CodeAnalysis;
using System.Buffers;
using System.Text.Json;
using Kappa.Processor.Events;

namespace Kappa.Processor.Aggregates;

/// <summary>
/// The extreme value seen so far. Invariant: the kept value is empty or an exact number or a string, and no input
/// seen is beyond it. Equal numbers spelled differently (<c>1.0</c>, <c>1.00</c>) are one value: bytes and JSON are
/// normalized. State bytes: tag, version, then the value (kind byte, then a normalized decimal or length-prefixed UTF-8).
/// </summary>
internal sealed class MinMaxState(MinMaxAggregate function) : IAggregateState
{
    private readonly MinMaxAggregate _function = function;
    private readonly OwnedValue _value = new();

    public void Add(in FieldValue input, in EventPosition position)
    {
        if (OrderedInput.Accept(input, _value.Kind, _function) && (_value.IsEmpty || Beats(_value.CompareTo(input))))
        {
            _value.Set(input);
        }
    }

    public bool CanAdd(in FieldValue input, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        try
        {
            _ = OrderedInput.Accept(input, _value.Kind, _function);
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
        var state = _function.Expect<MinMaxState>(other);
        if (state._value.IsEmpty)
        {
            return;
        }

        OrderedInput.RequireMergeable(_value.Kind, state._value.Kind, _function);
        if (_value.IsEmpty || Beats(_value.CompareTo(state._value)))
        {
            _value.Set(state._value);
        }
    }

    public void Write(IBufferWriter<byte> output)
    {
        output.WriteHeader(_function.Tag);
        _value.Write(output);
    }

    public void WriteResult(Utf8JsonWriter writer) => _value.WriteJson(writer);

    internal void Read(ref StateReader reader)
    {
        _value.Read(ref reader);
        if (_value.IsApproximate || _value.Kind is not (FieldKind.Missing or FieldKind.Number or FieldKind.Text))
        {
            throw reader.Corrupt("stored extreme is neither an exact number nor a string");
        }
    }

    /// <summary>Whether a candidate that compares to the kept value as <paramref name="keptVersusCandidate"/> replaces it.</summary>
    private bool Beats(int keptVersusCandidate) => _function.IsMax ? keptVersusCandidate < 0 : keptVersusCandidate > 0;
}
