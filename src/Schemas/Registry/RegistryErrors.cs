using Kappa.Contracts.Schemas;

namespace Kappa.Schemas.Registry;

/// <summary>The registry's failures with Confluent's codes and messages, so a client written for Confluent reads them alike.</summary>
internal static class RegistryErrors
{
    public static SchemaRegistryException SubjectNotFound(string subject) =>
        new SubjectNotFoundException($"Subject '{subject}' not found.");

    public static SchemaRegistryException VersionNotFound(string subject, int version) =>
        new VersionNotFoundException($"Version {version} not found for subject '{subject}'.");

    public static SchemaRegistryException SchemaNotFound(int id) =>
        new SchemaNotFoundException($"Schema {id} not found");

    public static SchemaRegistryException SchemaNotInSubject(string subject) =>
        new SchemaNotFoundException($"Schema not found under subject '{subject}'");

    public static SchemaRegistryException Incompatible(string subject, IReadOnlyList<string> problems) =>
        new IncompatibleSchemaException($"Schema being registered is incompatible with an earlier schema for subject \"{subject}\", details: [{string.Join("; ", problems)}]");

    public static SchemaRegistryException InvalidSchema(string reason) =>
        new InvalidSchemaException($"Invalid schema: {reason}");

    public static SchemaRegistryException InvalidVersion(string version) => SchemaRegistryException.For(
        SchemaRegistryErrorCodes.InvalidVersion,
        422,
        $"The specified version '{version}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");

    public static SchemaRegistryException InvalidLevel(string? level) => new InvalidCompatibilityLevelException(
        $"Invalid compatibility level '{level}'. Valid values are {string.Join(", ", CompatibilityLevels.Names)}");

    public static SchemaRegistryException SubjectLevelNotConfigured(string subject) => SchemaRegistryException.For(
        SchemaRegistryErrorCodes.SubjectLevelCompatibilityNotConfigured,
        404,
        $"Subject '{subject}' does not have subject-level compatibility configured");

    public static SchemaRegistryException SubjectSoftDeleted(string subject) => SchemaRegistryException.For(
        40404, 404, $"Subject '{subject}' was soft deleted. Set permanent=true to delete permanently");

    public static SchemaRegistryException SubjectNotSoftDeleted(string subject) => SchemaRegistryException.For(
        40405, 404, $"Subject '{subject}' was not deleted first before being permanently deleted");

    public static SchemaRegistryException VersionSoftDeleted(string subject, int version) => SchemaRegistryException.For(
        40406, 404, $"Subject '{subject}' Version {version} was soft deleted. Set permanent=true to delete permanently");

    public static SchemaRegistryException VersionNotSoftDeleted(string subject, int version) => SchemaRegistryException.For(
        40407, 404, $"Subject '{subject}' Version {version} was not deleted first before being permanently deleted");

    public static SchemaRegistryException BadRequest(string message) => SchemaRegistryException.For(400, 400, message);
}
