namespace Kappa.Cli.Hosting;

/// <summary>What <c>kappa run</c> was asked to start.</summary>
/// <param name="DataDirectory">Root of all local data: log, task state, views.</param>
/// <param name="HttpUrl">Where the HTTP API listens.</param>
/// <param name="AdminToken">The admin token, or null.</param>
/// <param name="DefaultPartitions">Partitions of topics created on first use.</param>
/// <param name="KafkaBootstrapServers">Kafka's bootstrap servers when the log is Kafka; null for the embedded log.</param>
/// <param name="Role">Which parts run in this process.</param>
/// <param name="SchemaRegistryUrl">An external schema registry Avro views read schemas from; null for the embedded one.</param>
internal sealed record ServerSettings(
    string DataDirectory,
    Uri HttpUrl,
    string? AdminToken,
    int DefaultPartitions,
    string? KafkaBootstrapServers = null,
    ServerRole Role = ServerRole.All,
    Uri? SchemaRegistryUrl = null);
