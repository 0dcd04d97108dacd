namespace Kappa.Contracts.Avro;

/// <summary>
/// Compiles a writer/reader schema pair into a <see cref="ReadPlan"/> following the specification's resolution
/// rules. Incompatibility that holds for every value raises <see cref="AvroSchemaException"/> at compile time; a
/// writer union branch the reader cannot take compiles to a plan that fails only if data uses that branch.
/// Record plans are memoized per schema pair, which both shares work and terminates recursive schemas.
/// </summary>
internal sealed class AvroResolver
{
    private readonly Dictionary<(AvroSchema Writer, AvroSchema Reader), ReadPlan> _records = [];

    private AvroResolver()
    {
    }

    internal static ReadPlan Resolve(AvroSchema writer, AvroSchema reader) => new AvroResolver().Plan(writer, reader, "$");

    private ReadPlan Plan(AvroSchema writer, AvroSchema reader, string path)
    {
        if (writer is AvroUnionSchema writerUnion)
        {
            var branches = new ReadPlan[writerUnion.Branches.Count];
            var compatible = 0;
            for (var i = 0; i < branches.Length; i++)
            {
                try
                {
                    branches[i] = Plan(writerUnion.Branches[i], reader, path);
                    compatible++;
                }
                catch (AvroSchemaException e)
                {
                    branches[i] = new ErrorReadPlan($"writer union branch {i} cannot be read: {e.Message}");
                }
            }

            return compatible > 0 || branches.Length == 0
                ? new UnionReadPlan(branches)
                : throw new AvroSchemaException($"{path}: no branch of writer union {writer} can be read as {reader}");
        }

        if (reader is AvroUnionSchema readerUnion)
        {
            var branch = SelectBranch(writer, readerUnion);
            return branch is null
                ? throw new AvroSchemaException($"{path}: writer schema {writer} matches no branch of reader union {reader}")
                : Plan(writer, branch, path);
        }

        switch (writer, reader)
        {
            case (AvroRecordSchema w, AvroRecordSchema r) when r.MatchesName(w):
                return Record(w, r, path);
            case (AvroEnumSchema w, AvroEnumSchema r) when r.MatchesName(w):
                return new EnumReadPlan(w, r);
            case (AvroFixedSchema w, AvroFixedSchema r) when r.MatchesName(w):
                return w.Size == r.Size
                    ? new FixedReadPlan(r)
                    : throw new AvroSchemaException($"{path}: writer fixed '{w.FullName}' has size {w.Size}, reader's has {r.Size}");
            case (AvroArraySchema w, AvroArraySchema r):
                return new ArrayReadPlan(Plan(w.Items, r.Items, path + ".items"), AvroSkipper.MinSize(w.Items));
            case (AvroMapSchema w, AvroMapSchema r):
                return new MapReadPlan(Plan(w.Values, r.Values, path + ".values"), AvroSkipper.MinSize(w.Values));
            case (AvroPrimitiveSchema w, AvroPrimitiveSchema r):
                return PrimitiveReadPlan.Create(w.Type, r.Type)
                    ?? throw new AvroSchemaException($"{path}: writer type {w} cannot be read as {r}");
            case (AvroNamedSchema w, AvroNamedSchema r) when w.Type == r.Type:
                throw new AvroSchemaException($"{path}: writer {w.Type.ToString().ToLowerInvariant()} '{w.FullName}' does not match reader name '{r.FullName}' or its aliases");
            default:
                throw new AvroSchemaException($"{path}: writer schema {writer} cannot be read as {reader}");
        }
    }

    /// <summary>The first reader branch of the writer's type (and name), else the first the writer promotes to.</summary>
    private static AvroSchema? SelectBranch(AvroSchema writer, AvroUnionSchema reader) =>
        reader.Branches.FirstOrDefault(b => b.Type == writer.Type
            && (b is not AvroNamedSchema named || named.MatchesName((AvroNamedSchema)writer)))
        ?? reader.Branches.FirstOrDefault(b => b is AvroPrimitiveSchema && writer is AvroPrimitiveSchema
            && PrimitiveReadPlan.IsPromotable(writer.Type, b.Type));

    private RecordReadPlan Record(AvroRecordSchema writer, AvroRecordSchema reader, string path)
    {
        if (_records.TryGetValue((writer, reader), out var existing))
        {
            return (RecordReadPlan)existing;
        }

        var plan = new RecordReadPlan(reader);
        _records[(writer, reader)] = plan;
        try
        {
            CompleteRecord(plan, writer, reader, path);
            return plan;
        }
        catch (AvroSchemaException)
        {
            // A half-built plan must not be reused by a later, unrelated reference to the same pair.
            _records.Remove((writer, reader));
            throw;
        }
    }

    private void CompleteRecord(RecordReadPlan plan, AvroRecordSchema writer, AvroRecordSchema reader, string path)
    {
        var matched = new bool[reader.Fields.Count];
        var steps = new (int, ReadPlan?, AvroSchema)[writer.Fields.Count];
        for (var i = 0; i < writer.Fields.Count; i++)
        {
            var writerField = writer.Fields[i];
            var readerField = reader.GetField(writerField.Name)
                ?? reader.Fields.FirstOrDefault(f => f.Aliases.Contains(writerField.Name));
            if (readerField is null)
            {
                steps[i] = (-1, null, writerField.Schema);
                continue;
            }

            matched[readerField.Position] = true;
            var fieldPath = $"{path}.{readerField.Name}";
            steps[i] = (readerField.Position, Plan(writerField.Schema, readerField.Schema, fieldPath), writerField.Schema);
        }

        var defaults = new List<(int, AvroDefault)>();
        foreach (var field in reader.Fields.Where(f => !matched[f.Position]))
        {
            var fieldPath = $"{path}.{field.Name}";
            if (field.DefaultValue is not { } json)
            {
                throw new AvroSchemaException($"{fieldPath}: reader field '{field.Name}' is not in the writer schema and has no default");
            }

            defaults.Add((field.Position, new AvroDefault(json, field.Schema, fieldPath)));
        }

        plan.Complete(steps, [.. defaults]);
    }
}
