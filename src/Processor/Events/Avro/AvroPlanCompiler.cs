using System.Text;
using Kappa.Contracts.Avro;

namespace Kappa.Processor.Events.Avro;

/// <summary>
/// Compiles, for one writer schema, the steps that read a value's wanted fields into their slots and skip the rest.
/// The fields of records are laid out flat (a record is its fields' steps, in order), so a flat event decodes in one
/// loop without recursion; only unions, arrays, maps and recursive or large records nest.
/// </summary>
internal sealed class AvroPlanCompiler
{
    // A skipped record with more steps than this is referenced rather than copied, so that a schema reusing a named
    // type many times (at many depths) compiles to a plan the size of the schema, not of its expansion.
    private const int MaxInlinedSteps = 32;

    private readonly Dictionary<AvroRecordSchema, AvroStep> _skips = [];
    private readonly HashSet<AvroRecordSchema> _compiling = [];

    private AvroPlanCompiler()
    {
    }

    /// <summary>The steps that read <paramref name="root"/>'s paths from values of <paramref name="schema"/>.</summary>
    public static AvroStep[] Compile(AvroSchema schema, AvroPathNode root)
    {
        var compiler = new AvroPlanCompiler();
        var steps = new List<AvroStep>();
        compiler.Compile(schema, root, steps);
        return [.. steps];
    }

    private AvroStep[] Sequence(AvroSchema schema, AvroPathNode? node)
    {
        var steps = new List<AvroStep>();
        if (node is null)
        {
            Skip(schema, steps);
        }
        else
        {
            Compile(schema, node, steps);
        }

        return [.. steps];
    }

    private void Compile(AvroSchema schema, AvroPathNode node, List<AvroStep> into)
    {
        if (node.IsEmpty)
        {
            Skip(schema, into);
            return;
        }

        switch (schema)
        {
            case AvroUnionSchema union:
                into.Add(new AvroStep(AvroOp.Union) { Branches = [.. union.Branches.Select(b => Sequence(b, node))] });
                return;
            case AvroRecordSchema record when node.Children.Count > 0:
                var fields = new List<AvroStep>();
                foreach (var field in record.Fields)
                {
                    if (node.Find(field.Name) is { } child)
                    {
                        Compile(field.Schema, child, fields);
                    }
                    else
                    {
                        Skip(field.Schema, fields);
                    }
                }

                if (node.Slots.Count > 0)
                {
                    into.Add(new AvroStep(AvroOp.Capture) { Schema = record, Slots = [.. node.Slots], Sequence = [.. fields] });
                }
                else
                {
                    into.AddRange(fields);
                }

                return;
            case AvroMapSchema map when node.Children.Count > 0:
                var lookup = new AvroStep(AvroOp.MapLookup)
                {
                    Size = MinSize(map.Values) + 1,
                    Keys = [.. node.Children.Select(c => c.Utf8Name)],
                    KeySequences = [.. node.Children.Select(c => Sequence(map.Values, c))],
                    Sequence = Sequence(map.Values, null),
                };
                into.Add(node.Slots.Count > 0 ? new AvroStep(AvroOp.Capture) { Schema = map, Slots = [.. node.Slots], Sequence = [lookup] } : lookup);
                return;
            default:
                // Paths below a value that has no fields (a string, an array) are missing in it: only the value itself is read.
                if (node.Slots.Count == 0)
                {
                    Skip(schema, into);
                }
                else
                {
                    into.Add(Read(schema, [.. node.Slots]));
                }

                return;
        }
    }

    private static AvroStep Read(AvroSchema schema, int[] slots) => (schema.LogicalType, schema) switch
    {
        (AvroLogicalType.Decimal, AvroFixedSchema f) => new AvroStep(AvroOp.DecimalFixed) { Size = f.Size, Scale = schema.Scale, Slots = slots },
        (AvroLogicalType.Decimal, _) => new AvroStep(AvroOp.DecimalBytes) { Scale = schema.Scale, Slots = slots },
        (AvroLogicalType.Date, _) => new AvroStep(AvroOp.Date) { Slots = slots },
        (AvroLogicalType.TimestampMicros or AvroLogicalType.LocalTimestampMicros, _) => new AvroStep(AvroOp.TimestampMicros) { Slots = slots },
        (AvroLogicalType.TimestampNanos or AvroLogicalType.LocalTimestampNanos, _) => new AvroStep(AvroOp.TimestampNanos) { Slots = slots },
        (AvroLogicalType.Uuid, AvroFixedSchema) => new AvroStep(AvroOp.UuidFixed) { Slots = slots },
        (AvroLogicalType.Duration, _) => new AvroStep(AvroOp.Render) { Schema = schema, Slots = slots },
        (_, AvroFixedSchema f) => new AvroStep(AvroOp.Base64Fixed) { Size = f.Size, Slots = slots },
        (_, AvroEnumSchema e) => new AvroStep(AvroOp.Enum) { Symbols = [.. e.Symbols.Select(Encoding.UTF8.GetBytes)], Slots = slots },
        (_, AvroRecordSchema or AvroArraySchema or AvroMapSchema) => new AvroStep(AvroOp.Render) { Schema = schema, Slots = slots },
        _ => new AvroStep(schema.Type switch
        {
            AvroType.Null => AvroOp.Null,
            AvroType.Boolean => AvroOp.Boolean,
            AvroType.Int => AvroOp.Int,
            AvroType.Long => AvroOp.Long,
            AvroType.Float => AvroOp.Float,
            AvroType.Double => AvroOp.Double,
            AvroType.String => AvroOp.String,
            AvroType.Bytes => AvroOp.Base64Bytes,
            _ => throw new ArgumentException($"no read step for {schema.Type}", nameof(schema)),
        })
        {
            Slots = slots,
        },
    };

    private void Skip(AvroSchema schema, List<AvroStep> into)
    {
        switch (schema)
        {
            case { Type: AvroType.Null }:
                break;
            case { Type: AvroType.Boolean }:
                into.Add(new AvroStep(AvroOp.SkipBoolean));
                break;
            case { Type: AvroType.Int }:
                into.Add(new AvroStep(AvroOp.SkipInt));
                break;
            case { Type: AvroType.Long }:
                into.Add(new AvroStep(AvroOp.SkipLong));
                break;
            case { Type: AvroType.Float }:
                into.Add(new AvroStep(AvroOp.SkipFixed) { Size = 4 });
                break;
            case { Type: AvroType.Double }:
                into.Add(new AvroStep(AvroOp.SkipFixed) { Size = 8 });
                break;
            case { Type: AvroType.Bytes or AvroType.String }:
                into.Add(new AvroStep(AvroOp.SkipBytes));
                break;
            case AvroFixedSchema f when f.Size > 0:
                into.Add(new AvroStep(AvroOp.SkipFixed) { Size = f.Size });
                break;
            case AvroFixedSchema:
                break;
            case AvroEnumSchema e:
                into.Add(new AvroStep(AvroOp.SkipEnum) { Size = e.Symbols.Count });
                break;
            case AvroRecordSchema r:
                SkipRecord(r, into);
                break;
            case AvroUnionSchema u:
                into.Add(new AvroStep(AvroOp.Union) { Branches = [.. u.Branches.Select(b => Sequence(b, null))] });
                break;
            case AvroArraySchema a:
                into.Add(new AvroStep(AvroOp.SkipArray) { Size = MinSize(a.Items), Sequence = Sequence(a.Items, null) });
                break;
            case AvroMapSchema m:
                into.Add(new AvroStep(AvroOp.SkipMap) { Size = MinSize(m.Values) + 1, Sequence = Sequence(m.Values, null) });
                break;
            default:
                throw new ArgumentException($"no skip step for {schema.Type}", nameof(schema));
        }
    }

    private void SkipRecord(AvroRecordSchema record, List<AvroStep> into)
    {
        if (_skips.TryGetValue(record, out var known))
        {
            // Compiled already, or being compiled (a recursive reference): the step's sequence is set when it is done.
            if (_compiling.Contains(record) || known.Sequence.Length > MaxInlinedSteps)
            {
                into.Add(known);
            }
            else
            {
                into.AddRange(known.Sequence);
            }

            return;
        }

        var step = new AvroStep(AvroOp.Sequence);
        _skips[record] = step;
        _compiling.Add(record);
        var fields = new List<AvroStep>();
        foreach (var field in record.Fields)
        {
            Skip(field.Schema, fields);
        }

        _compiling.Remove(record);
        step.Sequence = [.. fields];
        if (fields.Count > MaxInlinedSteps)
        {
            into.Add(step);
        }
        else
        {
            into.AddRange(fields);
        }
    }

    /// <summary>The fewest bytes a value of the schema encodes to, which bounds the item counts a block may claim.</summary>
    internal static int MinSize(AvroSchema schema) => AvroEncodedSize.Min(schema);
}
