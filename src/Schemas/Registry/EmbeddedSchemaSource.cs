using Kappa.Contracts.Avro;
using Kappa.Contracts.Avro.Confluent;
using Kappa.Contracts.Schemas;

namespace Kappa.Schemas.Registry;

/// <summary>
/// The embedded registry as an <see cref="ISchemaSource"/>, in process: what Avro views of <c>kappa run</c> read writer
/// schemas from when no external registry is configured. Lookups wait until the registry has loaded its topic.
/// </summary>
internal sealed class EmbeddedSchemaSource(SchemaRegistry registry) : ISchemaSource
{
    public async ValueTask<AvroSchema> GetSchemaAsync(int id, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await registry.SchemaByIdAsync(id, cancellationToken)).Schema;
        }
        catch (SchemaNotFoundException e)
        {
            throw new UnknownSchemaException($"schema {id} not found in the registry", e);
        }
    }

    public async ValueTask<AvroSchema?> FindLatestAsync(string subject, CancellationToken cancellationToken = default)
    {
        try
        {
            var latest = await registry.VersionAsync(subject, "latest", includeDeleted: false, cancellationToken);
            return (await registry.SchemaByIdAsync(latest.Id, cancellationToken)).Schema;
        }
        catch (SubjectNotFoundException)
        {
            return null;
        }
    }
}
