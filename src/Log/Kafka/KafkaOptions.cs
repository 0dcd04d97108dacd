namespace Kappa.Log.Kafka;

/// <summary>
/// Settings of a <see cref="KafkaLog"/>, bound from configuration section <c>Kafka</c> (environment
/// <c>Kafka__...</c>). <see cref="BootstrapServers"/> is the one required setting; every other librdkafka
/// property (TLS, SASL, timeouts, client.id, ...) passes through <see cref="Properties"/> unchanged, so
/// whatever a cluster needs can be configured without a Kappa release.
/// </summary>
public sealed class KafkaOptions
{
    /// <summary>
    /// Properties Kappa sets itself because its guarantees depend on them: idempotent, fully acknowledged
    /// appends placed by the Java-compatible partitioner, and commits only when Kappa asks.
    /// </summary>
    public static IReadOnlySet<string> FixedProperties { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "bootstrap.servers", "enable.idempotence", "acks", "request.required.acks", "partitioner",
        "enable.auto.commit", "enable.auto.offset.store", "group.id", "partition.assignment.strategy",
    };

    /// <summary>The brokers to bootstrap from, <c>host:port[,host:port...]</c>.</summary>
    public string BootstrapServers { get; set; } = string.Empty;

    /// <summary>Partitions of topics Kappa creates without being told how many (Kafka's num.partitions). Default 4.</summary>
    public int DefaultPartitions { get; set; } = 4;

    /// <summary>Replication factor of topics Kappa creates; -1 takes the broker's default.replication.factor.</summary>
    public short ReplicationFactor { get; set; } = -1;

    /// <summary>How long an admin request or a metadata query may take before it fails. Default 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether describing a topic also reads its configuration (DescribeConfigs) for compaction and retention.
    /// Turn off for brokers without that API (librdkafka's mock cluster); topics then describe with the default
    /// configuration. Default true.
    /// </summary>
    public bool DescribeTopicConfigs { get; set; } = true;

    /// <summary>
    /// Whether consumer groups are listed, read and deleted with the group admin API (ListGroups, OffsetFetch for all
    /// partitions, DeleteGroups). Turn off for brokers without it (librdkafka's mock cluster, which also crashes the
    /// client process when asked); groups are then the ones this process committed for, their offsets are asked
    /// partition by partition, and deleting a group fails clearly. Default true.
    /// </summary>
    public bool UseGroupAdminApi { get; set; } = true;

    /// <summary>
    /// librdkafka properties passed to every client as they are, e.g. <c>security.protocol</c>,
    /// <c>sasl.mechanisms</c>, <c>ssl.ca.location</c>. Configuration keys may use '_' for '.', so that
    /// <c>Kafka__security_protocol=SASL_SSL</c> works in any shell. <see cref="FixedProperties"/> are refused.
    /// </summary>
    public IDictionary<string, string> Properties { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid setting.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(BootstrapServers))
        {
            problems.Add($"{nameof(BootstrapServers)} is required (host:port of at least one broker)");
        }

        if (DefaultPartitions < 1)
        {
            problems.Add($"{nameof(DefaultPartitions)} must be at least 1 (was {DefaultPartitions})");
        }

        if (ReplicationFactor is 0 or < -1)
        {
            problems.Add($"{nameof(ReplicationFactor)} must be -1 (broker default) or at least 1 (was {ReplicationFactor})");
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(RequestTimeout)} must be positive (was {RequestTimeout})");
        }

        foreach (var name in Properties.Keys)
        {
            if (FixedProperties.Contains(name))
            {
                problems.Add($"'{name}' is set by Kappa and cannot be overridden");
            }
            else if (string.IsNullOrWhiteSpace(name))
            {
                problems.Add("a property needs a name");
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid Kafka options: " + string.Join("; ", problems));
        }
    }
}
