using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Kappa.Contracts.Avro;
using Kappa.Contracts.Avro.Confluent;

namespace Kappa.Contracts.Schemas;

/// <summary>
/// A client of Confluent's schema registry REST API, for Confluent's registry or Kappa's embedded one (whose
/// base address is <c>http://host:port/schemas</c>). Error answers become <see cref="SchemaRegistryException"/>
/// subclasses by Confluent's error code. Schemas fetched by id are cached: an id never changes its schema.
/// Thread-safe.
/// </summary>
public sealed class SchemaRegistryClient : ISchemaSource, IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ConcurrentDictionary<int, AvroSchema> _byId = new();

    /// <summary>Creates a client of the registry at <paramref name="baseAddress"/>.</summary>
    public SchemaRegistryClient(Uri baseAddress)
        : this(new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) }, ownsHttp: true)
    {
    }

    /// <summary>Creates a client over an <see cref="HttpClient"/> whose base address is the registry's.</summary>
    public SchemaRegistryClient(HttpClient http)
        : this(http, ownsHttp: false)
    {
    }

    private SchemaRegistryClient(HttpClient http, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(http.BaseAddress);
        // Relative paths resolve under the base only when it ends with '/': "http://h/schemas" + "subjects"
        // would otherwise become "http://h/subjects".
        if (!http.BaseAddress.AbsoluteUri.EndsWith('/'))
        {
            http.BaseAddress = new Uri(http.BaseAddress.AbsoluteUri + "/");
        }

        _http = http;
        _ownsHttp = ownsHttp;
    }

    /// <summary>Registers a schema under a subject (or finds it registered) and returns its id.</summary>
    /// <exception cref="IncompatibleSchemaException">The schema breaks the subject's compatibility level.</exception>
    /// <exception cref="InvalidSchemaException">The registry rejects the schema.</exception>
    public async Task<int> RegisterAsync(string subject, AvroSchema schema, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var response = await SendAsync<SchemaIdResponse>(HttpMethod.Post, $"subjects/{Escape(subject)}/versions", new SchemaRequest(schema.ToJson()), cancellationToken);
        _byId.TryAdd(response.Id, schema);
        return response.Id;
    }

    /// <summary>Finds a schema among a subject's versions.</summary>
    /// <exception cref="SubjectNotFoundException">The subject does not exist.</exception>
    /// <exception cref="SchemaNotFoundException">The subject has no version with this schema.</exception>
    public Task<RegisteredSchema> LookupAsync(string subject, AvroSchema schema, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return SendAsync<RegisteredSchema>(HttpMethod.Post, $"subjects/{Escape(subject)}", new SchemaRequest(schema.ToJson()), cancellationToken);
    }

    /// <summary>The schema with an id, fetched once and then cached.</summary>
    /// <exception cref="UnknownSchemaException">No schema has that id (Confluent's error 40403).</exception>
    public async ValueTask<AvroSchema> GetSchemaAsync(int id, CancellationToken cancellationToken = default)
    {
        if (_byId.TryGetValue(id, out var cached))
        {
            return cached;
        }

        SchemaByIdResponse response;
        try
        {
            response = await SendAsync<SchemaByIdResponse>(HttpMethod.Get, $"schemas/ids/{id.ToString(CultureInfo.InvariantCulture)}", null, cancellationToken);
        }
        catch (SchemaNotFoundException e)
        {
            throw new UnknownSchemaException($"schema {id} not found in the registry", e);
        }

        return _byId.GetOrAdd(id, AvroSchema.Parse(response.Schema));
    }

    /// <summary>A subject's latest version.</summary>
    /// <exception cref="SubjectNotFoundException">The subject does not exist.</exception>
    public Task<RegisteredSchema> GetLatestAsync(string subject, CancellationToken cancellationToken = default) =>
        SendAsync<RegisteredSchema>(HttpMethod.Get, $"subjects/{Escape(subject)}/versions/latest", null, cancellationToken);

    /// <summary>The schema of a subject's latest version, or null when the subject does not exist.</summary>
    public async ValueTask<AvroSchema?> FindLatestAsync(string subject, CancellationToken cancellationToken = default)
    {
        try
        {
            return AvroSchema.Parse((await GetLatestAsync(subject, cancellationToken)).Schema);
        }
        catch (SubjectNotFoundException)
        {
            return null;
        }
    }

    /// <summary>One version of a subject.</summary>
    /// <exception cref="SubjectNotFoundException">The subject does not exist.</exception>
    /// <exception cref="VersionNotFoundException">The subject has no such version.</exception>
    public Task<RegisteredSchema> GetVersionAsync(string subject, int version, CancellationToken cancellationToken = default) =>
        SendAsync<RegisteredSchema>(HttpMethod.Get, $"subjects/{Escape(subject)}/versions/{version.ToString(CultureInfo.InvariantCulture)}", null, cancellationToken);

    /// <summary>The subjects, in name order.</summary>
    public async Task<IReadOnlyList<string>> GetSubjectsAsync(CancellationToken cancellationToken = default) =>
        await SendAsync<List<string>>(HttpMethod.Get, "subjects", null, cancellationToken);

    /// <summary>A subject's versions, ascending.</summary>
    /// <exception cref="SubjectNotFoundException">The subject does not exist.</exception>
    public async Task<IReadOnlyList<int>> GetVersionsAsync(string subject, CancellationToken cancellationToken = default) =>
        await SendAsync<List<int>>(HttpMethod.Get, $"subjects/{Escape(subject)}/versions", null, cancellationToken);

    /// <summary>
    /// Whether <paramref name="schema"/> could be registered under the subject, judged against <paramref name="version"/>
    /// (a number or <c>latest</c>) and the subject's compatibility level; the reasons when it could not.
    /// </summary>
    /// <exception cref="SubjectNotFoundException">The subject does not exist.</exception>
    /// <exception cref="VersionNotFoundException">The subject has no such version.</exception>
    public Task<CompatibilityResponse> TestCompatibilityAsync(string subject, AvroSchema schema, string version = "latest", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return SendAsync<CompatibilityResponse>(
            HttpMethod.Post,
            $"compatibility/subjects/{Escape(subject)}/versions/{Escape(version)}?verbose=true",
            new SchemaRequest(schema.ToJson()),
            cancellationToken);
    }

    /// <summary>The compatibility level of a subject (falling back to the global one), or the global one when <paramref name="subject"/> is null.</summary>
    public async Task<CompatibilityLevel> GetCompatibilityAsync(string? subject = null, CancellationToken cancellationToken = default)
    {
        var path = subject is null ? "config" : $"config/{Escape(subject)}?defaultToGlobal=true";
        var response = await SendAsync<ConfigResponse>(HttpMethod.Get, path, null, cancellationToken);
        return CompatibilityLevels.TryParse(response.CompatibilityLevel, out var level)
            ? level
            : throw new SchemaRegistryException($"the registry answered an unknown compatibility level '{response.CompatibilityLevel}'");
    }

    /// <summary>Sets the compatibility level of a subject, or the global one when <paramref name="subject"/> is null.</summary>
    /// <exception cref="InvalidCompatibilityLevelException">The registry rejects the level.</exception>
    public async Task SetCompatibilityAsync(CompatibilityLevel level, string? subject = null, CancellationToken cancellationToken = default)
    {
        var path = subject is null ? "config" : $"config/{Escape(subject)}";
        await SendAsync<ConfigUpdate>(HttpMethod.Put, path, new ConfigUpdate(level.ToWireName()), cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static string Escape(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return Uri.EscapeDataString(value);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Accept.ParseAdd(SchemaRegistryMediaTypes.Accept);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), new MediaTypeHeaderValue(SchemaRegistryMediaTypes.V1Json), SchemaRegistryJson.Options);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw Failure((int)response.StatusCode, text);
        }

        try
        {
            return JsonSerializer.Deserialize<T>(text, SchemaRegistryJson.Options)
                ?? throw new SchemaRegistryException($"the registry answered {path} with an empty body");
        }
        catch (JsonException e)
        {
            throw new SchemaRegistryException($"the registry answered {path} with a body that is not the expected JSON: {e.Message}", e);
        }
    }

    private static SchemaRegistryException Failure(int status, string body)
    {
        try
        {
            var error = JsonSerializer.Deserialize<SchemaRegistryError>(body, SchemaRegistryJson.Options);
            if (error is { Message: not null })
            {
                return SchemaRegistryException.For(error.ErrorCode, status, error.Message);
            }
        }
        catch (JsonException)
        {
            // Not Confluent's error body (a proxy's page, say): the status and the text say what happened.
        }

        var excerpt = body.Length > 200 ? body[..200] + "..." : body;
        return new SchemaRegistryException(0, status, $"the registry answered HTTP {status}: {excerpt}");
    }
}
