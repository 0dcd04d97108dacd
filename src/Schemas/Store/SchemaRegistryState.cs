using Kappa.Contracts.Avro;
using Kappa.Contracts.Schemas;

namespace Kappa.Schemas.Store;

/// <summary>
/// The registry's whole state in memory, built by applying the schemas topic in order; every change goes to the
/// topic first and is applied here after. Not thread-safe: <see cref="Registry.SchemaRegistry"/> guards it.
/// Invariants: an id names one schema text forever; one schema text has one id, whatever the subject.
/// </summary>
internal sealed class SchemaRegistryState
{
    private readonly Dictionary<int, StoredSchema> _byId = [];
    private readonly Dictionary<string, int> _idBySchema = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, SortedDictionary<int, SubjectVersionEntry>> _subjects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CompatibilityLevel> _subjectLevels = new(StringComparer.Ordinal);

    /// <summary>The global compatibility level, or null when never set (the registry's default then applies).</summary>
    public CompatibilityLevel? GlobalLevel { get; private set; }

    /// <summary>The largest id ever seen; the next new schema gets the one after.</summary>
    public int MaxId { get; private set; }

    public void PutVersion(string subject, int version, int id, string schema, bool deleted)
    {
        if (!_byId.TryGetValue(id, out var stored))
        {
            stored = new StoredSchema(id, schema, AvroSchema.Parse(schema));
            _byId[id] = stored;
            _idBySchema.TryAdd(schema, id);
        }

        if (!_subjects.TryGetValue(subject, out var versions))
        {
            versions = [];
            _subjects[subject] = versions;
        }

        versions[version] = new SubjectVersionEntry(subject, version, stored, deleted);
        MaxId = Math.Max(MaxId, id);
    }

    /// <summary>
    /// Forgets a permanently deleted version. The id keeps its schema: ids are never reused, and a value framed
    /// with it may still be in a topic.
    /// </summary>
    public void RemoveVersion(string subject, int version)
    {
        if (_subjects.TryGetValue(subject, out var versions) && versions.Remove(version) && versions.Count == 0)
        {
            _subjects.Remove(subject);
        }
    }

    public void SetCompatibility(string? subject, CompatibilityLevel? level)
    {
        if (subject is null)
        {
            GlobalLevel = level;
        }
        else if (level is { } set)
        {
            _subjectLevels[subject] = set;
        }
        else
        {
            _subjectLevels.Remove(subject);
        }
    }

    public CompatibilityLevel? SubjectLevel(string subject) => _subjectLevels.TryGetValue(subject, out var level) ? level : null;

    public StoredSchema? SchemaById(int id) => _byId.GetValueOrDefault(id);

    public int? IdOf(string schema) => _idBySchema.TryGetValue(schema, out var id) ? id : null;

    /// <summary>The subjects with at least one live (not soft-deleted) version, or every subject when <paramref name="includeDeleted"/>.</summary>
    public IReadOnlyList<string> Subjects(bool includeDeleted) =>
        [.. _subjects.Where(s => includeDeleted || s.Value.Values.Any(v => !v.Deleted)).Select(s => s.Key)];

    /// <summary>A subject's versions in ascending order, soft-deleted ones included only when asked.</summary>
    public IReadOnlyList<SubjectVersionEntry> Versions(string subject, bool includeDeleted) =>
        _subjects.TryGetValue(subject, out var versions)
            ? [.. versions.Values.Where(v => includeDeleted || !v.Deleted)]
            : [];

    /// <summary>The highest version number the subject ever had, deleted ones included, or 0.</summary>
    public int MaxVersion(string subject) => _subjects.TryGetValue(subject, out var versions) && versions.Count > 0 ? versions.Keys.Max() : 0;

    /// <summary>Every live (subject, version) that uses an id.</summary>
    public IReadOnlyList<SubjectVersionEntry> UsesOf(int id) =>
        [.. _subjects.Values.SelectMany(v => v.Values).Where(v => v.Schema.Id == id && !v.Deleted)];
}

/// <summary>A schema under its id: the stored text and the parsed schema.</summary>
internal sealed record StoredSchema(int Id, string Text, AvroSchema Schema);

/// <summary>One version of a subject.</summary>
internal sealed record SubjectVersionEntry(string Subject, int Version, StoredSchema Schema, bool Deleted);
