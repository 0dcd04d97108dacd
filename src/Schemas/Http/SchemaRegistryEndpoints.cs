using System.Text.Json;
using Kappa.Contracts.Schemas;
using Kappa.Schemas.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kappa.Schemas.Http;

/// <summary>
/// Confluent's schema registry REST API under a path prefix: the same paths, status codes, error codes and
/// content type, so Confluent's clients and serializers work against it unchanged.
/// </summary>
internal static class SchemaRegistryEndpoints
{
    private static readonly string[] SchemaTypes = ["AVRO"];

    public static RouteGroupBuilder MapSchemaRegistryEndpoints(this IEndpointRouteBuilder routes, string prefix)
    {
        var group = routes.MapGroup(prefix).WithTags("Schemas").AddEndpointFilter<RegistryErrorFilter>();

        group.MapGet("/subjects", async (SchemaRegistry registry, bool? deleted, CancellationToken ct) =>
            RegistryResults.Ok(await registry.SubjectsAsync(deleted ?? false, ct)));
        group.MapPost("/subjects/{subject}", async (string subject, HttpRequest request, SchemaRegistry registry, bool? deleted, CancellationToken ct) =>
            RegistryResults.Ok(await registry.LookupAsync(subject, await ReadSchemaAsync(request, ct), deleted ?? false, ct)));
        group.MapDelete("/subjects/{subject}", async (string subject, SchemaRegistry registry, bool? permanent, CancellationToken ct) =>
            RegistryResults.Ok(await registry.DeleteSubjectAsync(subject, permanent ?? false, ct)));
        group.MapGet("/subjects/{subject}/versions", async (string subject, SchemaRegistry registry, bool? deleted, CancellationToken ct) =>
            RegistryResults.Ok(await registry.VersionsAsync(subject, deleted ?? false, ct)));
        group.MapPost("/subjects/{subject}/versions", async (string subject, HttpRequest request, SchemaRegistry registry, CancellationToken ct) =>
            RegistryResults.Ok(new SchemaIdResponse(await registry.RegisterAsync(subject, await ReadSchemaAsync(request, ct), ct))));
        group.MapGet("/subjects/{subject}/versions/{version}", async (string subject, string version, SchemaRegistry registry, bool? deleted, CancellationToken ct) =>
            RegistryResults.Ok(await registry.VersionAsync(subject, version, deleted ?? false, ct)));
        group.MapGet("/subjects/{subject}/versions/{version}/schema", async (string subject, string version, SchemaRegistry registry, CancellationToken ct) =>
            Results.Text((await registry.VersionAsync(subject, version, includeDeleted: false, ct)).Schema, SchemaRegistryMediaTypes.V1Json));
        group.MapDelete("/subjects/{subject}/versions/{version}", async (string subject, string version, SchemaRegistry registry, bool? permanent, CancellationToken ct) =>
            RegistryResults.Ok(await registry.DeleteVersionAsync(subject, version, permanent ?? false, ct)));

        group.MapGet("/schemas/types", () => RegistryResults.Ok(SchemaTypes));
        group.MapGet("/schemas/ids/{id:int}", async (int id, SchemaRegistry registry, CancellationToken ct) =>
            RegistryResults.Ok(new SchemaByIdResponse((await registry.SchemaByIdAsync(id, ct)).Text)));
        group.MapGet("/schemas/ids/{id:int}/schema", async (int id, SchemaRegistry registry, CancellationToken ct) =>
            Results.Text((await registry.SchemaByIdAsync(id, ct)).Text, SchemaRegistryMediaTypes.V1Json));
        group.MapGet("/schemas/ids/{id:int}/versions", async (int id, SchemaRegistry registry, CancellationToken ct) =>
            RegistryResults.Ok(await registry.UsesOfAsync(id, ct)));

        group.MapPost("/compatibility/subjects/{subject}/versions/{version}", async (string subject, string version, HttpRequest request, SchemaRegistry registry, bool? verbose, CancellationToken ct) =>
            RegistryResults.Ok(await registry.TestCompatibilityAsync(subject, version, await ReadSchemaAsync(request, ct), verbose ?? false, ct)));
        group.MapPost("/compatibility/subjects/{subject}/versions", async (string subject, HttpRequest request, SchemaRegistry registry, bool? verbose, CancellationToken ct) =>
            RegistryResults.Ok(await registry.TestCompatibilityAsync(subject, null, await ReadSchemaAsync(request, ct), verbose ?? false, ct)));

        group.MapGet("/config", async (SchemaRegistry registry, CancellationToken ct) =>
            RegistryResults.Ok(new ConfigResponse((await registry.GlobalLevelAsync(ct)).ToWireName())));
        group.MapPut("/config", async (HttpRequest request, SchemaRegistry registry, CancellationToken ct) =>
        {
            var level = await ReadLevelAsync(request, ct);
            await registry.SetLevelAsync(null, level, ct);
            return RegistryResults.Ok(new ConfigUpdate(level.ToWireName()));
        });
        group.MapDelete("/config", async (SchemaRegistry registry, CancellationToken ct) =>
        {
            var before = await registry.SetLevelAsync(null, null, ct);
            return RegistryResults.Ok(new ConfigResponse(before!.Value.ToWireName()));
        });
        group.MapGet("/config/{subject}", async (string subject, SchemaRegistry registry, bool? defaultToGlobal, CancellationToken ct) =>
            RegistryResults.Ok(new ConfigResponse((await registry.SubjectLevelAsync(subject, defaultToGlobal ?? false, ct)).ToWireName())));
        group.MapPut("/config/{subject}", async (string subject, HttpRequest request, SchemaRegistry registry, CancellationToken ct) =>
        {
            var level = await ReadLevelAsync(request, ct);
            await registry.SetLevelAsync(subject, level, ct);
            return RegistryResults.Ok(new ConfigUpdate(level.ToWireName()));
        });
        group.MapDelete("/config/{subject}", async (string subject, SchemaRegistry registry, CancellationToken ct) =>
        {
            var before = await registry.SetLevelAsync(subject, null, ct);
            return RegistryResults.Ok(new ConfigResponse(before!.Value.ToWireName()));
        });

        // Confluent answers unknown paths under the registry with its own error body, not an HTML page.
        group.Map("/{**path}", (HttpRequest request) =>
            RegistryResults.Error(StatusCodes.Status404NotFound, StatusCodes.Status404NotFound, $"HTTP 404 Not Found: {request.Method} {request.Path}"));
        return group;
    }

    private static async Task<SchemaRequest> ReadSchemaAsync(HttpRequest request, CancellationToken cancellationToken) =>
        await ReadBodyAsync<SchemaRequest>(request, cancellationToken);

    private static async Task<CompatibilityLevel> ReadLevelAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var update = await ReadBodyAsync<ConfigUpdate>(request, cancellationToken);
        return CompatibilityLevels.TryParse(update.Compatibility, out var level) ? level : throw RegistryErrors.InvalidLevel(update.Compatibility);
    }

    /// <summary>Reads a JSON body whatever its declared content type, as Confluent's registry accepts several.</summary>
    private static async Task<T> ReadBodyAsync<T>(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, SchemaRegistryJson.Options, cancellationToken)
                ?? throw RegistryErrors.BadRequest("the request body is JSON null; expected an object");
        }
        catch (JsonException e)
        {
            throw RegistryErrors.BadRequest($"the request body is not valid JSON: {e.Message}");
        }
    }
}
