using System.Buffers;
using System.Text;
using System.Text.Json;
using Kappa.Processor.Aggregates;
using Kappa.Processor.Events;

namespace Kappa.Processor.Tests.Aggregates;

/// <summary>One input event as an aggregate sees it: the extracted value and the event's position.</summary>
public sealed record Input(FieldValue Value, EventPosition Position)
{
    public override string ToString() => $"{Value.Kind}:{Value} @{Position.EventTime}/{Position.Partition}/{Position.Offset}";
}

/// <summary>Drives aggregates only through the public interfaces, as the pipeline does.</summary>
internal static class AggregateHarness
{
    public static IAggregateFunction Create(string function, params string[] arguments) =>
        AggregateFactory.Create("out", function, arguments);

    public static IAggregateState Run(IAggregateFunction function, IEnumerable<Input> inputs)
    {
        var state = function.CreateState();
        foreach (var input in inputs)
        {
            state.Add(input.Value, input.Position);
        }

        return state;
    }

    public static IAggregateState RunValues(IAggregateFunction function, IEnumerable<FieldValue> values)
    {
        var state = function.CreateState();
        var offset = 0L;
        foreach (var value in values)
        {
            state.Add(value, new EventPosition(offset, 0, offset));
            offset++;
        }

        return state;
    }

    public static string Json(IAggregateState state)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            state.WriteResult(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static byte[] Bytes(IAggregateState state)
    {
        var buffer = new ArrayBufferWriter<byte>();
        state.Write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public static IAggregateState RoundTrip(IAggregateFunction function, IAggregateState state) =>
        function.ReadState(Bytes(state));

    public static FieldValue Number(decimal value) => FieldValue.FromNumber(value);

    public static FieldValue Text(string value) => FieldValue.FromUtf8(Encoding.UTF8.GetBytes(value));

    public static FieldValue Composite(string json) => FieldValue.FromComposite(Encoding.UTF8.GetBytes(json));

    public static Input At(FieldValue value, long eventTime, int partition = 0, long offset = 0) =>
        new(value, new EventPosition(eventTime, partition, offset));
}
