namespace Kappa.Contracts.Schemas;

/// <summary>
/// Confluent's error codes, the <c>error_code</c> of an error body. The first three digits are the HTTP status.
/// </summary>
public static class SchemaRegistryErrorCodes
{
    /// <summary>The subject has no (undeleted) version.</summary>
    public const int SubjectNotFound = 40401;

    /// <summary>The subject has no such version.</summary>
    public const int VersionNotFound = 40402;

    /// <summary>No schema with that id, or the schema is not registered under the subject.</summary>
    public const int SchemaNotFound = 40403;

    /// <summary>The subject has no subject-level compatibility configured.</summary>
    public const int SubjectLevelCompatibilityNotConfigured = 40408;

    /// <summary>The schema is incompatible with earlier versions (HTTP 409; the code is the status).</summary>
    public const int IncompatibleSchema = 409;

    /// <summary>The schema is not a valid Avro schema.</summary>
    public const int InvalidSchema = 42201;

    /// <summary>The version is neither a positive number, -1 nor "latest".</summary>
    public const int InvalidVersion = 42202;

    /// <summary>The compatibility level is not one of the seven.</summary>
    public const int InvalidCompatibilityLevel = 42203;

    /// <summary>The registry could not store or read its log.</summary>
    public const int StoreError = 50001;
}
