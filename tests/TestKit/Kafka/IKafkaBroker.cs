namespace Kappa.TestKit.Kafka;

/// <summary>
/// A Kafka cluster for end-to-end tests: librdkafka's mock cluster in a child process by default, or a real broker in
/// a container (see <see cref="KafkaBrokers"/>). Tests create their topics through it, since the mock cannot create
/// topics on request, and pass <see cref="ClientSettings"/> to every Kappa process and client they start.
/// </summary>
public interface IKafkaBroker : IAsyncDisposable
{
    /// <summary>The cluster's bootstrap.servers.</summary>
    string BootstrapServers { get; }

    /// <summary>
    /// Settings Kappa's Kafka clients need on this cluster, as <c>Kafka__*</c> environment variables: the mock lacks
    /// some admin APIs (topic configs, group listing), which a real broker has.
    /// </summary>
    IReadOnlyDictionary<string, string> ClientSettings { get; }

    /// <summary>
    /// Creates a topic, log-compacted when <paramref name="compacted"/> is true and the cluster can say so (librdkafka's
    /// mock keeps no topic configs).
    /// </summary>
    Task CreateTopicAsync(string name, int partitions, bool compacted = false);
}
