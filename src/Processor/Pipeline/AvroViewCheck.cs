using Kappa.Contracts.Avro;
using Kappa.Contracts.Avro.Confluent;
using Kappa.Contracts.Definitions;
using Kappa.Processor.Events.Avro;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// Checks Avro views that name a schema subject against the subject's latest schema: a field path the schema cannot
/// hold would dead-letter every event, so it is a definition error, reported where the path is used. A subject that
/// does not exist yet is no error (nothing has been produced under it); its values are checked as they come.
/// </summary>
public static class AvroViewCheck
{
    /// <summary>Checks every Avro view with a subject; throws one exception listing every problem.</summary>
    /// <exception cref="ViewDefinitionException">A view reads a field its subject's latest schema lacks.</exception>
    public static async Task CheckAsync(IEnumerable<CompiledView> views, ISchemaSource? schemas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(views);
        var errors = new List<DefinitionError>();
        foreach (var view in views.Where(v => v.Format == SourceFormat.Avro && v.SchemaSubject is not null))
        {
            if (schemas is null)
            {
                throw new InvalidOperationException($"view '{view.Name}' reads Avro values, but there is no schema registry to read their schemas from");
            }

            if (await schemas.FindLatestAsync(view.SchemaSubject!, cancellationToken) is { } latest)
            {
                errors.AddRange(Problems(view, latest));
            }
        }

        if (errors.Count > 0)
        {
            throw new ViewDefinitionException(errors);
        }
    }

    /// <summary>The view's field uses that <paramref name="schema"/> cannot hold, at their locations.</summary>
    internal static IEnumerable<DefinitionError> Problems(CompiledView view, AvroSchema schema)
    {
        var missing = AvroFieldPaths.Missing(schema, view.FieldPaths).ToHashSet(StringComparer.Ordinal);
        var name = schema is AvroNamedSchema named ? $"'{named.FullName}'" : schema.Type.ToString().ToLowerInvariant();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var use in view.FieldUses.Where(u => missing.Contains(u.Path)))
        {
            reported.Add(use.Path);
            yield return new DefinitionError(use.Location, $"{use.Use} reads field '{use.Path}', which schema subject '{view.SchemaSubject}' ({name}, latest version) does not have{Hint(schema, use.Path)}");
        }

        // A view defined without locations (in C#) still reports its missing paths, at the subject.
        foreach (var path in missing.Where(p => !reported.Contains(p)).Order(StringComparer.Ordinal))
        {
            yield return new DefinitionError(
                view.SchemaLocation ?? new SourceLocation(view.Name, 1, 1),
                $"view '{view.Name}' reads field '{path}', which schema subject '{view.SchemaSubject}' ({name}, latest version) does not have");
        }
    }

    /// <summary>"; its fields are a, b, c" for the record the last segment was looked up in, when there is one.</summary>
    private static string Hint(AvroSchema schema, string path)
    {
        var segments = path.Split('.');
        var current = schema;
        for (var i = 0; i < segments.Length - 1 && current is AvroRecordSchema record; i++)
        {
            current = record.GetField(segments[i])?.Schema;
        }

        return current is AvroRecordSchema parent
            ? $"; {(segments.Length == 1 ? "its" : $"'{string.Join('.', segments[..^1])}'")} fields are {string.Join(", ", parent.Fields.Select(f => f.Name))}"
            : string.Empty;
    }
}
