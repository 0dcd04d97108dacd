using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Kappa.Processor.Aggregates;
using Kappa.Processor.Events;

namespace Kappa.Processor.Tests.Aggregates;

/// <summary>
/// A custom aggregate written as a user would, through the public interfaces only: the distinct pages a visitor
/// viewed, in the order of their first view (by event position, so arrival order does not matter).
/// </summary>
internal sealed class DistinctPagesInOrder(string name, string pageField) : IAggregateFunction
{
    public string Name { get; } = name;

    public string Description => $"distinct_pages_in_order({InputField}): distinct pages in order of first view";

    public string? InputField { get; } = pageField;

    public IAggregateState CreateState() => new State();

    public IAggregateState ReadState(ReadOnlySpan<byte> stored)
    {
        var state = new State();
        var count = BinaryPrimitives.ReadInt32LittleEndian(stored);
        var offset = 4;
        for (var i = 0; i < count; i++)
        {
            var position = new EventPosition(
                BinaryPrimitives.ReadInt64LittleEndian(stored[offset..]),
                BinaryPrimitives.ReadInt32LittleEndian(stored[(offset + 8)..]),
                BinaryPrimitives.ReadInt64LittleEndian(stored[(offset + 12)..]));
            var length = BinaryPrimitives.ReadInt32LittleEndian(stored[(offset + 20)..]);
            state.FirstViews[Encoding.UTF8.GetString(stored.Slice(offset + 24, length))] = position;
            offset += 24 + length;
        }

        return offset == stored.Length ? state : throw new FormatException("trailing bytes after the pages");
    }

    /// <summary>Invariant: each page maps to the earliest position at which it was seen.</summary>
    private sealed class State : IAggregateState
    {
        public Dictionary<string, EventPosition> FirstViews { get; } = new(StringComparer.Ordinal);

        public void Add(in FieldValue input, in EventPosition position)
        {
            if (input.IsMissingOrNull)
            {
                return;
            }

            if (input.Kind != FieldKind.Text)
            {
                throw new AggregateInputException("pages", "distinct_pages_in_order(page)", $"expected a page name but got {input}");
            }

            See(Encoding.UTF8.GetString(input.Utf8.Span), position);
        }

        public void Merge(IAggregateState other)
        {
            foreach (var (page, position) in ((State)other).FirstViews)
            {
                See(page, position);
            }
        }

        public void Write(IBufferWriter<byte> output)
        {
            // Hash-order iteration must never reach the bytes: write in the result's order.
            var pages = InOrder();
            Span<byte> fixedPart = stackalloc byte[24];
            BinaryPrimitives.WriteInt32LittleEndian(fixedPart, pages.Count);
            output.Write(fixedPart[..4]);
            foreach (var (page, position) in pages)
            {
                var bytes = Encoding.UTF8.GetBytes(page);
                BinaryPrimitives.WriteInt64LittleEndian(fixedPart, position.EventTime);
                BinaryPrimitives.WriteInt32LittleEndian(fixedPart[8..], position.Partition);
                BinaryPrimitives.WriteInt64LittleEndian(fixedPart[12..], position.Offset);
                BinaryPrimitives.WriteInt32LittleEndian(fixedPart[20..], bytes.Length);
                output.Write(fixedPart);
                output.Write(bytes);
            }
        }

        public void WriteResult(Utf8JsonWriter writer)
        {
            if (FirstViews.Count == 0)
            {
                writer.WriteNullValue();
                return;
            }

            writer.WriteStartArray();
            foreach (var (page, _) in InOrder())
            {
                writer.WriteStringValue(page);
            }

            writer.WriteEndArray();
        }

        private void See(string page, EventPosition position)
        {
            if (!FirstViews.TryGetValue(page, out var seen) || position < seen)
            {
                FirstViews[page] = position;
            }
        }

        private List<KeyValuePair<string, EventPosition>> InOrder() =>
            [.. FirstViews.OrderBy(entry => entry.Value).ThenBy(entry => entry.Key, StringComparer.Ordinal)];
    }
}
