namespace Kappa.Contracts.Avro;

/// <summary>
/// Whether data written with one schema can always be read with another: the specification's resolution rules
/// (the ones <see cref="AvroDatumReader"/> applies), judged for every possible value rather than for the data at
/// hand. It is stricter than compiling a reader in one way, as Apache's <c>SchemaCompatibility</c> (and so
/// Confluent's registry) is: a writer union is compatible only when every branch is, since any branch may occur.
/// </summary>
public static class AvroCompatibility
{
    /// <summary>
    /// The reasons data written with <paramref name="writer"/> cannot be read with <paramref name="reader"/>, each
    /// naming where in the reader schema it fails; empty when every value can be read.
    /// </summary>
    public static IReadOnlyList<string> Check(AvroSchema writer, AvroSchema reader)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(reader);
        var problems = new List<string>();
        new Checker(problems).Check(writer, reader, "$");
        return problems;
    }

    /// <summary>Whether every value written with <paramref name="writer"/> can be read with <paramref name="reader"/>.</summary>
    public static bool CanRead(AvroSchema writer, AvroSchema reader) => Check(writer, reader).Count == 0;

    private sealed class Checker(List<string> problems)
    {
        private List<string> _problems = problems;

        // Pairs of named schemas being checked: a recursive schema meets its own pair again, which is assumed
        // compatible (the outer check decides), so the check terminates.
        private readonly HashSet<(AvroSchema, AvroSchema)> _inProgress = [];

        // Verdicts on named pairs already judged: each pair is judged once, so nested unions of records cannot make
        // the check exponential.
        private readonly Dictionary<(AvroSchema, AvroSchema), bool> _done = [];

        public void Check(AvroSchema writer, AvroSchema reader, string path)
        {
            if (writer is AvroUnionSchema writerUnion)
            {
                for (var i = 0; i < writerUnion.Branches.Count; i++)
                {
                    Check(writerUnion.Branches[i], reader, path);
                }

                return;
            }

            if (reader is AvroUnionSchema readerUnion)
            {
                if (!readerUnion.Branches.Any(branch => Compatible(writer, branch)))
                {
                    _problems.Add($"{path}: writer type {writer} matches no branch of reader union {reader}");
                }

                return;
            }

            if (writer is not AvroNamedSchema)
            {
                CheckSame(writer, reader, path);
                return;
            }

            if (_done.TryGetValue((writer, reader), out var compatible))
            {
                if (!compatible)
                {
                    _problems.Add($"{path}: writer type {writer} cannot be read as {reader}");
                }

                return;
            }

            if (!_inProgress.Add((writer, reader)))
            {
                return;
            }

            var before = _problems.Count;
            try
            {
                CheckSame(writer, reader, path);
            }
            finally
            {
                _inProgress.Remove((writer, reader));
            }

            _done[(writer, reader)] = _problems.Count == before;
        }

        /// <summary>Checks one reader union branch aside, sharing the in-progress pairs so recursion through unions ends.</summary>
        private bool Compatible(AvroSchema writer, AvroSchema reader)
        {
            var outer = _problems;
            _problems = [];
            try
            {
                Check(writer, reader, "$");
                return _problems.Count == 0;
            }
            finally
            {
                _problems = outer;
            }
        }

        private void CheckSame(AvroSchema writer, AvroSchema reader, string path)
        {
            switch (writer, reader)
            {
                case (AvroRecordSchema w, AvroRecordSchema r) when r.MatchesName(w):
                    CheckRecord(w, r, path);
                    return;
                case (AvroEnumSchema w, AvroEnumSchema r) when r.MatchesName(w):
                    if (r.Default is null)
                    {
                        var missing = w.Symbols.Where(s => r.IndexOf(s) < 0).ToList();
                        if (missing.Count > 0)
                        {
                            _problems.Add($"{path}: reader enum '{r.FullName}' lacks writer symbols {string.Join(", ", missing)} and has no default");
                        }
                    }

                    return;
                case (AvroFixedSchema w, AvroFixedSchema r) when r.MatchesName(w):
                    if (w.Size != r.Size)
                    {
                        _problems.Add($"{path}: writer fixed '{w.FullName}' has size {w.Size}, reader's has {r.Size}");
                    }

                    return;
                case (AvroArraySchema w, AvroArraySchema r):
                    Check(w.Items, r.Items, path + ".items");
                    return;
                case (AvroMapSchema w, AvroMapSchema r):
                    Check(w.Values, r.Values, path + ".values");
                    return;
                case (AvroPrimitiveSchema w, AvroPrimitiveSchema r):
                    if (!PrimitiveReadPlan.IsPromotable(w.Type, r.Type))
                    {
                        _problems.Add($"{path}: writer type {w} cannot be read as {r}");
                    }

                    return;
                case (AvroNamedSchema w, AvroNamedSchema r) when w.Type == r.Type:
                    _problems.Add($"{path}: writer {w.Type.ToString().ToLowerInvariant()} '{w.FullName}' does not match reader name '{r.FullName}' or its aliases");
                    return;
                default:
                    _problems.Add($"{path}: writer type {writer} cannot be read as {reader}");
                    return;
            }
        }

        private void CheckRecord(AvroRecordSchema writer, AvroRecordSchema reader, string path)
        {
            foreach (var readerField in reader.Fields)
            {
                var writerField = writer.GetField(readerField.Name)
                    ?? readerField.Aliases.Select(writer.GetField).FirstOrDefault(f => f is not null);
                var fieldPath = $"{path}.{readerField.Name}";
                if (writerField is not null)
                {
                    Check(writerField.Schema, readerField.Schema, fieldPath);
                }
                else if (readerField.DefaultValue is null)
                {
                    _problems.Add($"{fieldPath}: reader field '{readerField.Name}' is not written and has no default");
                }
            }
        }
    }
}
