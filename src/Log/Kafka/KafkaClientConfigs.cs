using Confluent.Kafka;

namespace Kappa.Log.Kafka;

/// <summary>
/// The librdkafka configuration of each client Kappa makes: the user's pass-through properties first, then the
/// settings Kappa's guarantees rest on, which <see cref="KafkaOptions.Validate"/> keeps users from overriding.
/// </summary>
internal static class KafkaClientConfigs
{
    /// <summary>
    /// Idempotent, acks=all, Java-compatible placement. Topics are never created implicitly: Kappa creates them
    /// with their partition count and cleanup policy, so a broker default cannot slip in.
    /// </summary>
    public static ProducerConfig Producer(KafkaOptions options) => new(Common(options))
    {
        EnableIdempotence = true,
        Acks = Acks.All,
        Partitioner = Partitioner.Murmur2Random,
        AllowAutoCreateTopics = false,

        // Appends need each record's partition and offset, which every report carries; copying key, value and
        // headers back into .NET for every acknowledged record would double the cost of producing.
        DeliveryReportFields = "none",
    };

    /// <summary>
    /// Offsets are Kappa's: no automatic commits or offset stores. Cooperative-sticky serves group
    /// subscriptions (<see cref="KafkaGroupMember"/>); explicitly assigned consumers ignore it.
    /// </summary>
    public static ConsumerConfig Consumer(KafkaOptions options, string groupId) => new(Common(options))
    {
        GroupId = groupId,
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
        AllowAutoCreateTopics = false,
    };

    public static AdminClientConfig Admin(KafkaOptions options) => new(Common(options))
    {
        AllowAutoCreateTopics = false,
    };

    private static Dictionary<string, string> Common(KafkaOptions options)
    {
        var config = new Dictionary<string, string>(options.Properties, StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = options.BootstrapServers,
        };
        return config;
    }
}
