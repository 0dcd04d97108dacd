using Kappa.Contracts.Avro;
using Kappa.Contracts.Schemas;
using Kappa.Log.Abstractions;
using Kappa.Schemas.Hosting;
using Kappa.Schemas.Store;
using Microsoft.Extensions.Options;

namespace Kappa.Schemas.Registry;

/// <summary>
/// The embedded registry's rules over its state: registration with compatibility checks, lookups, versions and
/// configs, each failure a <see cref="SchemaRegistryException"/> with Confluent's code. Every change is durable
/// in the schemas topic before it is applied and answered, so an answered id survives a crash. Changes are
/// serialized; reads see a state between changes. Nothing is served before <see cref="LoadAsync"/> finishes.
/// </summary>
internal sealed class SchemaRegistry : IDisposable
{
    private readonly SchemaRegistryState _state = new();
    private readonly SchemaLog _log;
    private readonly CompatibilityLevel _defaultLevel;
    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SchemaRegistry(ILog log, IOptions<SchemaRegistryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _log = new SchemaLog(log, options.Value.Topic);
        _defaultLevel = options.Value.DefaultCompatibility;
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _log.LoadAsync(_state, cancellationToken);
            _loaded.TrySetResult();
        }
        catch (Exception e)
        {
            _loaded.TrySetException(e);
            throw;
        }
    }

    public async Task<int> RegisterAsync(string subject, SchemaRequest request, CancellationToken cancellationToken)
    {
        var (text, schema) = ParseSchema(request);
        await _loaded.Task.WaitAsync(cancellationToken);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            int id, version;
            lock (_state)
            {
                var live = _state.Versions(subject, includeDeleted: false);
                if (live.FirstOrDefault(v => v.Schema.Text == text) is { } existing)
                {
                    return existing.Schema.Id;
                }

                var problems = CompatibilityChecker.Check(schema, [.. live.Select(v => (v.Version, v.Schema.Schema))], LevelOf(subject));
                if (problems.Count > 0)
                {
                    throw RegistryErrors.Incompatible(subject, problems);
                }

                id = _state.IdOf(text) ?? _state.MaxId + 1;
                version = _state.MaxVersion(subject) + 1;
            }

            await _log.AppendAsync(SchemaLogRecord.SchemaKey(subject, version), SchemaLogRecord.SchemaValue(subject, version, id, text, deleted: false), cancellationToken);
            lock (_state)
            {
                _state.PutVersion(subject, version, id, text, deleted: false);
            }

            return id;
        }
        finally
        {
            _writes.Release();
        }
    }

    public async Task<RegisteredSchema> LookupAsync(string subject, SchemaRequest request, bool includeDeleted, CancellationToken cancellationToken)
    {
        var (text, _) = ParseSchema(request);
        await _loaded.Task.WaitAsync(cancellationToken);
        lock (_state)
        {
            var versions = _state.Versions(subject, includeDeleted);
            if (versions.Count == 0)
            {
                throw RegistryErrors.SubjectNotFound(subject);
            }

            var match = versions.LastOrDefault(v => v.Schema.Text == text) ?? throw RegistryErrors.SchemaNotInSubject(subject);
            return ToRegistered(match);
        }
    }

    public async Task<IReadOnlyList<string>> SubjectsAsync(bool includeDeleted, CancellationToken cancellationToken)
    {
        await _loaded.Task.WaitAsync(cancellationToken);
        lock (_state)
        {
            return _state.Subjects(includeDeleted);
        }
    }

    public async Task<IReadOnlyList<int>> VersionsAsync(string subject, bool includeDeleted, CancellationToken cancellationToken)
    {
        await _loaded.Task.WaitAsync(cancellationToken);
        lock (_state)
        {
            var versions = _state.Versions(subject, includeDeleted);
            return versions.Count == 0 ? throw RegistryErrors.SubjectNotFound(subject) : [.. versions.Select(v => v.Version)];
        }
    }

    public async Task<RegisteredSchema> VersionAsync(string subject, string version, bool includeDeleted, CancellationToken cancellationToken)
    {
        var number = ParseVersion(version);
        await _loaded.Task.WaitAsync(cancellationToken);
        lock (_state)
        {
            return ToRegistered(Find(subject, number, includeDeleted));
        }
    }

    public async Task<StoredSchema> SchemaByIdAsync(int id, CancellationToken cancellationToken)
    {
        await _loaded.Task.WaitAsync(cancellationToken);
        lock (_state)
        {
            return _state.SchemaById(id) ?? throw RegistryErrors.SchemaNotFound(id);
        }
    }

    public async Task<IReadOnlyList<SubjectVersion>> UsesOfAsync(int id, CancellationToken cancellationToken)
    {
        await _loaded.Task.WaitAsync(cancellationToken);
        lock (_state)
        {
            _ = _state.SchemaById(id) ?? throw RegistryErrors.SchemaNotFound(id);
            return [.. _state.UsesOf(id).Select(v => new SubjectVersion(v.Subject, v.Version))];
        }
    }

    /// <summary>
    /// Whether the schema could be registered: against <paramref name="version"/> when given (<c>latest</c>
    /// meaning what registration compares with), else against what registration compares with.
    /// </summary>
    public async Task<CompatibilityResponse> TestCompatibilityAsync(string subject, string? version, SchemaRequest request, bool verbose, CancellationToken cancellationToken)
    {
        var (_, schema) = ParseSchema(request);
        int? number = version is null ? null : ParseVersion(version);
        await _loaded.Task.WaitAsync(cancellationToken);
        IReadOnlyList<string> problems;
        lock (_state)
        {
            var level = LevelOf(subject);
            if (number is null or -1)
            {
                // As Confluent: a subject with no version yet accepts any schema.
                var live = _state.Versions(subject, includeDeleted: false);
                problems = CompatibilityChecker.Check(schema, [.. live.Select(v => (v.Version, v.Schema.Schema))], level);
            }
            else
            {
                var entry = Find(subject, number.Value, includeDeleted: false);
                problems = CompatibilityChecker.Check(schema, [(entry.Version, entry.Schema.Schema)], level);
            }
        }

        return new CompatibilityResponse(problems.Count == 0, verbose ? problems : null);
    }

    public async Task<CompatibilityLevel> GlobalLevelAsync(CancellationToken cancellationToken)
    {
        await _loaded.Task.WaitAsync(cancellationToken);
        lock (_state)
        {
            return _state.GlobalLevel ?? _defaultLevel;
        }
    }

    public async Task<CompatibilityLevel> SubjectLevelAsync(string subject, bool defaultToGlobal, CancellationToken cancellationToken)
    {
        await _loaded.Task.WaitAsync(cancellationToken);
        lock (_state)
        {
            return _state.SubjectLevel(subject)
                ?? (defaultToGlobal ? _state.GlobalLevel ?? _defaultLevel : throw RegistryErrors.SubjectLevelNotConfigured(subject));
        }
    }

    /// <summary>Sets (or with a null level, deletes) a subject's level, or the global one when <paramref name="subject"/> is null; returns the level before.</summary>
    public async Task<CompatibilityLevel?> SetLevelAsync(string? subject, CompatibilityLevel? level, CancellationToken cancellationToken)
    {
        await _loaded.Task.WaitAsync(cancellationToken);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            CompatibilityLevel? before;
            lock (_state)
            {
                before = subject is null ? _state.GlobalLevel ?? _defaultLevel : _state.SubjectLevel(subject);
            }

            if (subject is not null && level is null && before is null)
            {
                throw RegistryErrors.SubjectLevelNotConfigured(subject);
            }

            await _log.AppendAsync(SchemaLogRecord.ConfigKey(subject), level is { } set ? SchemaLogRecord.ConfigValue(set) : null, cancellationToken);
            lock (_state)
            {
                _state.SetCompatibility(subject, level);
            }

            return before;
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>
    /// Deletes a subject's versions: soft (hidden, ids kept) or, once soft-deleted, permanently. Returns the
    /// versions deleted.
    /// </summary>
    public async Task<IReadOnlyList<int>> DeleteSubjectAsync(string subject, bool permanent, CancellationToken cancellationToken)
    {
        await _loaded.Task.WaitAsync(cancellationToken);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            IReadOnlyList<SubjectVersionEntry> targets;
            lock (_state)
            {
                var all = _state.Versions(subject, includeDeleted: true);
                if (all.Count == 0)
                {
                    throw RegistryErrors.SubjectNotFound(subject);
                }

                var live = all.Where(v => !v.Deleted).ToList();
                targets = (permanent, live.Count) switch
                {
                    (false, 0) => throw RegistryErrors.SubjectSoftDeleted(subject),
                    (false, _) => live,
                    (true, 0) => all,
                    (true, _) => throw RegistryErrors.SubjectNotSoftDeleted(subject),
                };
            }

            foreach (var entry in targets)
            {
                await DeleteAsync(entry, permanent, cancellationToken);
            }

            return [.. targets.Select(v => v.Version)];
        }
        finally
        {
            _writes.Release();
        }
    }

    public async Task<int> DeleteVersionAsync(string subject, string version, bool permanent, CancellationToken cancellationToken)
    {
        var number = ParseVersion(version);
        await _loaded.Task.WaitAsync(cancellationToken);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            SubjectVersionEntry entry;
            lock (_state)
            {
                entry = Find(subject, number, includeDeleted: permanent);
                if (!permanent && entry.Deleted)
                {
                    throw RegistryErrors.VersionSoftDeleted(subject, entry.Version);
                }

                if (permanent && !entry.Deleted)
                {
                    throw RegistryErrors.VersionNotSoftDeleted(subject, entry.Version);
                }
            }

            await DeleteAsync(entry, permanent, cancellationToken);
            return entry.Version;
        }
        finally
        {
            _writes.Release();
        }
    }

    public void Dispose()
    {
        _log.Dispose();
        _writes.Dispose();
    }

    private async Task DeleteAsync(SubjectVersionEntry entry, bool permanent, CancellationToken cancellationToken)
    {
        var key = SchemaLogRecord.SchemaKey(entry.Subject, entry.Version);
        var value = permanent ? null : SchemaLogRecord.SchemaValue(entry.Subject, entry.Version, entry.Schema.Id, entry.Schema.Text, deleted: true);
        await _log.AppendAsync(key, value, cancellationToken);
        lock (_state)
        {
            if (permanent)
            {
                _state.RemoveVersion(entry.Subject, entry.Version);
            }
            else
            {
                _state.PutVersion(entry.Subject, entry.Version, entry.Schema.Id, entry.Schema.Text, deleted: true);
            }
        }
    }

    private CompatibilityLevel LevelOf(string subject) => _state.SubjectLevel(subject) ?? _state.GlobalLevel ?? _defaultLevel;

    /// <summary>A version of a subject; -1 is the latest. Callers hold the state lock.</summary>
    private SubjectVersionEntry Find(string subject, int version, bool includeDeleted)
    {
        var versions = _state.Versions(subject, includeDeleted);
        if (versions.Count == 0)
        {
            throw RegistryErrors.SubjectNotFound(subject);
        }

        return version == -1
            ? versions[^1]
            : versions.FirstOrDefault(v => v.Version == version) ?? throw RegistryErrors.VersionNotFound(subject, version);
    }

    private static RegisteredSchema ToRegistered(SubjectVersionEntry entry) => new(entry.Subject, entry.Version, entry.Schema.Id, entry.Schema.Text);

    /// <summary>"latest" and -1 are -1; otherwise a version from 1 up.</summary>
    private static int ParseVersion(string version)
    {
        if (string.Equals(version, "latest", StringComparison.OrdinalIgnoreCase))
        {
            return -1;
        }

        return int.TryParse(version, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number) && (number >= 1 || number == -1)
            ? number
            : throw RegistryErrors.InvalidVersion(version);
    }

    /// <summary>The schema of a request, normalized to its full JSON: the text that ids are keyed by.</summary>
    private static (string Text, AvroSchema Schema) ParseSchema(SchemaRequest request)
    {
        if (request.SchemaType is not null && !string.Equals(request.SchemaType, "AVRO", StringComparison.OrdinalIgnoreCase))
        {
            throw RegistryErrors.InvalidSchema($"schemaType '{request.SchemaType}' is not supported; Kappa's registry holds AVRO schemas only");
        }

        if (string.IsNullOrWhiteSpace(request.Schema))
        {
            throw RegistryErrors.InvalidSchema("the request has no schema");
        }

        try
        {
            var schema = AvroSchema.Parse(request.Schema);
            return (schema.ToJson(), schema);
        }
        catch (AvroSchemaException e)
        {
            throw RegistryErrors.InvalidSchema(e.Message);
        }
    }
}
