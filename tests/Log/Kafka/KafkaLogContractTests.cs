using Kappa.Log.Abstractions;
using Kappa.Log.Kafka;
using Kappa.Log.Tests.Abstractions;
using Kappa.TestKit.Kafka;
using Xunit;

namespace Kappa.Log.Tests.Kafka;

/// <summary>
/// The log contract on Kafka, spoken over the wire to librdkafka's mock cluster. The mock has no topic admin API,
/// no group admin API and no offsets for timestamps, so those tests check only what it can do (see the capability
/// properties); the adapter uses the real APIs against real brokers.
/// </summary>
[Trait("Category", "Integration")]
public sealed class KafkaLogContractTests : LogContractTests
{
    private readonly MockKafkaCluster _cluster = new();

    protected override bool CanCreateTopicsThroughAdmin => false;

    protected override bool CanDeleteGroups => false;

    protected override bool CanFindOffsetsForTimestamps => false;

    protected override Task<ILog> OpenAsync() => Task.FromResult<ILog>(KafkaLog.Connect(MockOptions(_cluster)));

    protected override Task CloseAsync()
    {
        _cluster.Dispose();
        return Task.CompletedTask;
    }

    protected override Task CreateTopicAsync(string name, int partitions)
    {
        _cluster.CreateTopic(name, partitions);
        return Task.CompletedTask;
    }

    internal static KafkaOptions MockOptions(MockKafkaCluster cluster) => new()
    {
        BootstrapServers = cluster.BootstrapServers,
        RequestTimeout = TimeSpan.FromSeconds(5),
        DescribeTopicConfigs = false,
        UseGroupAdminApi = false,
    };
}
