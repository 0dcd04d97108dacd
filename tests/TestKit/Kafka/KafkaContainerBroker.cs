using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Testcontainers.Kafka;

namespace Kappa.TestKit.Kafka;

/// <summary>
/// A real Apache Kafka broker (KRaft, one node) in a Docker container, started by Testcontainers: the same end-to-end
/// suite as on the mock cluster, against the broker users run. Used when <c>KAPPA_TEST_KAFKA=container</c>.
/// </summary>
public sealed class KafkaContainerBroker : IKafkaBroker
{
    private readonly KafkaContainer _container;

    private KafkaContainerBroker(KafkaContainer container) => _container = container;

    /// <inheritdoc />
    public string BootstrapServers => _container.GetBootstrapAddress();

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> ClientSettings { get; } = new Dictionary<string, string>();

    /// <summary>Starts the container and waits until the broker accepts clients.</summary>
    public static async Task<KafkaContainerBroker> StartAsync()
    {
        var container = new KafkaBuilder("apache/kafka:3.9.1").Build();
        await container.StartAsync();
        return new KafkaContainerBroker(container);
    }

    /// <inheritdoc />
    public async Task CreateTopicAsync(string name, int partitions, bool compacted = false)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
        await admin.CreateTopicsAsync(
        [
            new TopicSpecification
            {
                Name = name,
                NumPartitions = partitions,
                ReplicationFactor = 1,
                Configs = compacted ? new Dictionary<string, string> { ["cleanup.policy"] = "compact" } : null,
            },
        ]);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _container.DisposeAsync();
}
