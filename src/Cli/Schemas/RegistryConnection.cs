using System.CommandLine;
using Kappa.Contracts.Avro;
using Kappa.Contracts.Schemas;

namespace Kappa.Cli.Schemas;

/// <summary>
/// How the schema commands reach a registry: the embedded one of the server at <c>--url</c> (its
/// <c>/schemas</c> path), or any Confluent-compatible registry at <c>--registry</c>. Registry errors and bad
/// schema files become one-line <see cref="CliException"/>s.
/// </summary>
internal static class RegistryConnection
{
    public static Option<Uri?> RegistryOption() => new("--registry")
    {
        Description = "A Confluent-compatible schema registry URL; defaults to the registry of the server at --url (<url>/schemas).",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
            {
                return url;
            }

            result.AddError($"--registry '{text}' is not an http:// or https:// URL");
            return null;
        },
    };

    public static SchemaRegistryClient Open(Uri serverUrl, Uri? registryUrl) =>
        new(registryUrl ?? new Uri(serverUrl, "schemas"));

    /// <summary>Runs a registry call, turning the registry's refusal into the user's one line.</summary>
    public static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (SchemaRegistryException e)
        {
            throw new CliException(e.ErrorCode == 0 ? e.Message : $"{e.Message} (error {e.ErrorCode})");
        }
    }

    /// <summary>Reads and parses an .avsc file.</summary>
    public static AvroSchema ReadSchemaFile(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new CliException($"schema file '{file.FullName}' does not exist");
        }

        try
        {
            return AvroSchema.Parse(File.ReadAllText(file.FullName));
        }
        catch (AvroSchemaException e)
        {
            throw new CliException($"{file.Name} is not a valid Avro schema: {e.Message}");
        }
    }
}
