using System.Text;
using System.Text.Json;

namespace Kappa.Processor.Events;

/// <summary>
/// Pulls the fields a view needs out of a JSON event in one forward pass, without building a document and
/// without allocating: strings are slices of the event's bytes (or of a scratch buffer when they had to be
/// unescaped). Paths are dotted (<c>customer.tier</c>); a path that names an object or array yields its raw
/// JSON. When a field occurs twice, the last occurrence wins, as in most JSON readers.
/// <para>Invariant: after <see cref="Extract"/>, slot i holds the value of <see cref="Paths"/>[i] or Missing,
/// valid until the next call (slices point into the event or the scratch buffer).</para>
/// Not thread-safe: one extractor per task.
/// </summary>
public sealed class FieldExtractor : IFieldExtractor
{
    private readonly Node _root = new();
    private byte[] _scratch = new byte[4096];

    /// <summary>Prepares extraction of <paramref name="paths"/>; slot i of the output is path i.</summary>
    /// <exception cref="ArgumentException">A path is empty or has an empty segment.</exception>
    public FieldExtractor(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        Paths = paths;
        for (var slot = 0; slot < paths.Count; slot++)
        {
            var node = _root;
            foreach (var segment in paths[slot].Split('.'))
            {
                if (segment.Length == 0)
                {
                    throw new ArgumentException($"field path '{paths[slot]}' has an empty segment");
                }

                node = node.Child(Encoding.UTF8.GetBytes(segment));
            }

            node.Slots.Add(slot);
        }
    }

    /// <summary>The extracted paths, in slot order.</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <summary>
    /// Fills <paramref name="slots"/> (length at least <see cref="Paths"/>.Count) from the JSON object
    /// <paramref name="value"/>.
    /// </summary>
    /// <exception cref="EventDecodeException">The bytes are not valid JSON, or not a JSON object.</exception>
    public void Extract(ReadOnlyMemory<byte> value, Span<FieldValue> slots)
    {
        try
        {
            ExtractJson(value, slots);
        }
        catch (JsonException e)
        {
            throw new EventDecodeException($"the value is not a JSON object: {e.Message}", e);
        }
    }

    private void ExtractJson(ReadOnlyMemory<byte> json, Span<FieldValue> slots)
    {
        slots[..Paths.Count].Clear();
        if (_scratch.Length < json.Length)
        {
            _scratch = new byte[Math.Max(json.Length, _scratch.Length * 2)];
        }

        var reader = new Utf8JsonReader(json.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("an event must be a JSON object");
        }

        var scratchUsed = 0;
        try
        {
            ReadObject(ref reader, json, _root, slots, ref scratchUsed);
            if (reader.Read())
            {
                throw new JsonException("unexpected content after the event's JSON object");
            }
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader reports some malformed content (a lone surrogate escape such as \ud800) this way;
            // to the pipeline it is bad JSON like any other.
            throw new JsonException(e.Message, e);
        }
    }

    private void ReadObject(ref Utf8JsonReader reader, ReadOnlyMemory<byte> json, Node node, Span<FieldValue> slots, ref int scratchUsed)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var child = node.Find(ref reader);
            reader.Read();
            if (child is null)
            {
                reader.Skip();
                continue;
            }

            if (child.Slots.Count > 0)
            {
                FieldValue value;
                if (child.HasChildren && reader.TokenType == JsonTokenType.StartObject)
                {
                    // The view reads both this object and fields inside it (e.g. 'order' and 'order.amount').
                    var start = (int)reader.TokenStartIndex;
                    ReadObject(ref reader, json, child, slots, ref scratchUsed);
                    value = FieldValue.FromComposite(json[start..(int)(reader.TokenStartIndex + 1)]);
                }
                else
                {
                    value = ReadValue(ref reader, json, ref scratchUsed);
                }

                foreach (var slot in child.Slots)
                {
                    slots[slot] = value;
                }
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                ReadObject(ref reader, json, child, slots, ref scratchUsed);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private FieldValue ReadValue(ref Utf8JsonReader reader, ReadOnlyMemory<byte> json, ref int scratchUsed)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                if (!reader.ValueIsEscaped)
                {
                    return FieldValue.FromUtf8(json.Slice((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length));
                }

                var written = reader.CopyString(_scratch.AsSpan(scratchUsed));
                var unescaped = _scratch.AsMemory(scratchUsed, written);
                scratchUsed += written;
                return FieldValue.FromUtf8(unescaped);
            case JsonTokenType.Number:
                // A number token never spans segments here: the reader reads one span.
                if (JsonDecimal.TryRead(reader.ValueSpan, out var number) || reader.TryGetDecimal(out number))
                {
                    return FieldValue.FromNumber(number);
                }

                return reader.TryGetDouble(out var approximate) && double.IsFinite(approximate)
                    ? FieldValue.FromDouble(approximate)
                    : throw new JsonException($"the number {Encoding.UTF8.GetString(reader.ValueSpan)} is out of range");
            case JsonTokenType.True:
                return FieldValue.FromBoolean(true);
            case JsonTokenType.False:
                return FieldValue.FromBoolean(false);
            case JsonTokenType.Null:
                return FieldValue.NullValue;
            default:
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                return FieldValue.FromComposite(json[start..(int)(reader.TokenStartIndex + 1)]);
        }
    }

    /// <summary>A trie node over UTF-8 path segments.</summary>
    private sealed class Node
    {
        private readonly List<(byte[] Name, Node Node)> _children = [];

        public List<int> Slots { get; } = [];

        public bool HasChildren => _children.Count > 0;

        public Node Child(byte[] name)
        {
            foreach (var (existing, node) in _children)
            {
                if (existing.AsSpan().SequenceEqual(name))
                {
                    return node;
                }
            }

            var created = new Node();
            _children.Add((name, created));
            return created;
        }

        public Node? Find(ref Utf8JsonReader reader)
        {
            foreach (var (name, node) in _children)
            {
                if (reader.ValueTextEquals(name))
                {
                    return node;
                }
            }

            return null;
        }
    }
}
