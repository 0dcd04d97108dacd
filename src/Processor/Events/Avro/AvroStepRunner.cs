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
                case AvroOp.Null:
                    Store(step, slots, FieldValue.NullValue);
                    break;
                case AvroOp.Boolean:
                    Store(step, slots, FieldValue.FromBoolean(reader.ReadBoolean()));
                    break;
                case AvroOp.Int:
                    Store(step, slots, FieldValue.FromNumber(reader.ReadInt()));
                    break;
                case AvroOp.Long:
                    Store(step, slots, FieldValue.FromNumber(reader.ReadLong()));
                    break;
                case AvroOp.Float:
                    Store(step, slots, AvroFieldValues.Float(reader.ReadFloat()));
                    break;
                case AvroOp.Double:
                    Store(step, slots, AvroFieldValues.Double(reader.ReadDouble()));
                    break;
                case AvroOp.String:
                    var text = reader.ReadBytesSpan();
                    if (!System.Text.Ascii.IsValid(text) && !Utf8.IsValid(text))
                    {
                        throw new AvroDecodeException($"invalid UTF-8 in the string ending at byte {reader.Position}");
                    }

                    Store(step, slots, FieldValue.FromUtf8(payload.Slice(reader.Position - text.Length, text.Length)));
                    break;
                case AvroOp.Base64Bytes:
                    Store(step, slots, AvroFieldValues.Base64Text(reader.ReadBytesSpan(), _arena));
                    break;
                case AvroOp.Base64Fixed:
                    Store(step, slots, AvroFieldValues.Base64Text(reader.ReadFixed(step.Size), _arena));
                    break;
                case AvroOp.Enum:
                    Store(step, slots, FieldValue.FromUtf8(step.Symbols[reader.ReadIndex(step.Symbols.Length, "enum")]));
                    break;
                case AvroOp.DecimalBytes:
                    Store(step, slots, AvroFieldValues.Decimal(reader.ReadBytesSpan(), step.Scale));
                    break;
                case AvroOp.DecimalFixed:
                    Store(step, slots, AvroFieldValues.Decimal(reader.ReadFixed(step.Size), step.Scale));
                    break;
                case AvroOp.Date:
                    Store(step, slots, AvroFieldValues.Date(reader.ReadInt(), _arena));
                    break;
                case AvroOp.TimestampMicros:
                    Store(step, slots, AvroFieldValues.Milliseconds(reader.ReadLong(), 1_000));
                    break;
                case AvroOp.TimestampNanos:
                    Store(step, slots, AvroFieldValues.Milliseconds(reader.ReadLong(), 1_000_000));
                    break;
                case AvroOp.UuidFixed:
                    Store(step, slots, AvroFieldValues.Uuid(reader.ReadFixed(16), _arena));
                    break;
                case AvroOp.Render:
                    Store(step, slots, FieldValue.FromComposite(_renderer.Render(step.Schema!, ref reader, _arena, depth + 1)));
                    break;
                default:
                    throw new InvalidOperationException($"unknown step {step.Op}");
            }
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
        var targets = step.Slots;
        slots[targets[0]] = value;
        for (var i = 1; i < targets.Length; i++)
        {
            slots[targets[i]] = value;
        }
    }
}
