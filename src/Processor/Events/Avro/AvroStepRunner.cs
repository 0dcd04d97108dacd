using System.Text.Unicode;
using Kappa.Contracts.Avro;

namespace Kappa.Processor.Events.Avro;

/// <summary>
/// Runs a compiled plan over one Avro value: reads the wanted values into their slots and skips the rest, validating
/// everything it passes. Strings are slices of the value; rendered text lives in the arena, which each value resets.
/// Allocates nothing per value once its buffers have grown. Not thread-safe.
/// </summary>
internal sealed class AvroStepRunner
{
    /// <summary>Deepest nesting of unions, arrays, maps and referenced records a value may have.</summary>
    public const int MaxDepth = 256;

    private readonly ScratchArena _arena = new();
    private readonly AvroJsonRenderer _renderer = new();

    /// <summary>Reads exactly one value from <paramref name="payload"/>.</summary>
    /// <exception cref="AvroDecodeException">The value is malformed, truncated, or followed by more bytes.</exception>
    public void Run(AvroStep[] steps, ReadOnlyMemory<byte> payload, Span<FieldValue> slots)
    {
        _arena.Reset();
        var reader = new AvroBinaryReader(payload.Span);
        Run(steps, ref reader, payload, slots, 0);
        if (reader.Remaining != 0)
        {
            throw new AvroDecodeException($"{reader.Remaining} bytes follow the value");
        }
    }

    private void Run(AvroStep[] steps, ref AvroBinaryReader reader, ReadOnlyMemory<byte> payload, Span<FieldValue> slots, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new AvroDecodeException($"value nested deeper than {MaxDepth} levels");
        }

        foreach (var step in steps)
        {
            switch (step.Op)
            {
                case AvroOp.SkipInt:
                    reader.ReadInt();
                    break;
                case AvroOp.SkipLong:
                    reader.ReadLong();
                    break;
                case AvroOp.SkipBoolean:
                    reader.ReadBoolean();
                    break;
                case AvroOp.SkipFixed:
                    reader.ReadFixed(step.Size);
                    break;
                case AvroOp.SkipBytes:
                    reader.SkipBytes();
                    break;
                case AvroOp.SkipEnum:
                    reader.ReadIndex(step.Size, "enum");
                    break;
                case AvroOp.SkipArray:
                    for (var count = reader.ReadBlockCount(step.Size); count != 0; count = reader.ReadBlockCount(step.Size))
                    {
                        for (var i = 0L; i < count; i++)
                        {
                            Run(step.Sequence, ref reader, payload, slots, depth + 1);
                        }
                    }

                    break;
                case AvroOp.SkipMap:
                    for (var count = reader.ReadBlockCount(step.Size); count != 0; count = reader.ReadBlockCount(step.Size))
                    {
                        for (var i = 0L; i < count; i++)
                        {
                            reader.SkipBytes();
                            Run(step.Sequence, ref reader, payload, slots, depth + 1);
                        }
                    }

                    break;
                case AvroOp.Union:
                    Run(step.Branches[reader.ReadIndex(step.Branches.Length, "union branch")], ref reader, payload, slots, depth + 1);
                    break;
                case AvroOp.Sequence:
                    Run(step.Sequence, ref reader, payload, slots, depth + 1);
                    break;
                case AvroOp.MapLookup:
                    Lookup(step, ref reader, payload, slots, depth);
                    break;
                case AvroOp.Capture:
                    var start = reader.Position;
                    Run(step.Sequence, ref reader, payload, slots, depth + 1);
                    var captured = new AvroBinaryReader(payload.Span[start..reader.Position]);
                    Store(step, slots, FieldValue.FromComposite(_renderer.Render(step.Schema!, ref captured, _arena, depth + 1)));
                    break;
                default:
                    Store(step, slots, Read(step, ref reader, payload, depth));
                    break;
            }
        }
    }

    private FieldValue Read(AvroStep step, ref AvroBinaryReader reader, ReadOnlyMemory<byte> payload, int depth)
    {
        switch (step.Op)
        {
            case AvroOp.Null:
                return FieldValue.NullValue;
            case AvroOp.Boolean:
                return FieldValue.FromBoolean(reader.ReadBoolean());
            case AvroOp.Int:
                return FieldValue.FromNumber(reader.ReadInt());
            case AvroOp.Long:
                return FieldValue.FromNumber(reader.ReadLong());
            case AvroOp.Float:
                return AvroFieldValues.Float(reader.ReadFloat());
            case AvroOp.Double:
                return AvroFieldValues.Double(reader.ReadDouble());
            case AvroOp.String:
                var text = reader.ReadBytesSpan();
                if (!Utf8.IsValid(text))
                {
                    throw new AvroDecodeException($"invalid UTF-8 in the string ending at byte {reader.Position}");
                }

                return FieldValue.FromUtf8(payload.Slice(reader.Position - text.Length, text.Length));
            case AvroOp.Base64Bytes:
                return AvroFieldValues.Base64Text(reader.ReadBytesSpan(), _arena);
            case AvroOp.Base64Fixed:
                return AvroFieldValues.Base64Text(reader.ReadFixed(step.Size), _arena);
            case AvroOp.Enum:
                return FieldValue.FromUtf8(step.Symbols[reader.ReadIndex(step.Symbols.Length, "enum")]);
            case AvroOp.DecimalBytes:
                return AvroFieldValues.Decimal(reader.ReadBytesSpan(), step.Scale);
            case AvroOp.DecimalFixed:
                return AvroFieldValues.Decimal(reader.ReadFixed(step.Size), step.Scale);
            case AvroOp.Date:
                return AvroFieldValues.Date(reader.ReadInt(), _arena);
            case AvroOp.TimestampMicros:
                return AvroFieldValues.Milliseconds(reader.ReadLong(), 1_000);
            case AvroOp.TimestampNanos:
                return AvroFieldValues.Milliseconds(reader.ReadLong(), 1_000_000);
            case AvroOp.UuidFixed:
                return AvroFieldValues.Uuid(reader.ReadFixed(16), _arena);
            case AvroOp.Render:
                return FieldValue.FromComposite(_renderer.Render(step.Schema!, ref reader, _arena, depth + 1));
            default:
                throw new InvalidOperationException($"step {step.Op} reads no value");
        }
    }

    private void Lookup(AvroStep step, ref AvroBinaryReader reader, ReadOnlyMemory<byte> payload, Span<FieldValue> slots, int depth)
    {
        for (var count = reader.ReadBlockCount(step.Size); count != 0; count = reader.ReadBlockCount(step.Size))
        {
            for (var i = 0L; i < count; i++)
            {
                var key = reader.ReadBytesSpan();
                var sequence = step.Sequence;
                for (var k = 0; k < step.Keys.Length; k++)
                {
                    if (key.SequenceEqual(step.Keys[k]))
                    {
                        sequence = step.KeySequences[k];
                        break;
                    }
                }

                // A key given twice: the last value wins, as in the JSON reader.
                Run(sequence, ref reader, payload, slots, depth + 1);
            }
        }
    }

    private static void Store(AvroStep step, Span<FieldValue> slots, in FieldValue value)
    {
        foreach (var slot in step.Slots)
        {
            slots[slot] = value;
        }
    }
}
