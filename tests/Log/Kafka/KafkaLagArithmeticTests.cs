using Kappa.Log.Abstractions;
using Kappa.Log.Kafka;
using Kappa.Log.Tests.Lag;
using Kappa.TestKit.Kafka;
using Xunit;

namespace Kappa.Log.Tests.Kafka;

/// <summary>
/// The lag arithmetic on Kafka, over the wire to librdkafka's mock cluster. The mock has no group admin API, so groups
/// are those this process committed for and committed offsets are read with the consumer's Committed; watermarks
/// come from QueryWatermarkOffsets, and record timestamps are the producer's CreateTime, stamped by the test's clock.
/// </summary>
[Trait("Category", "Integration")]
public sealed class KafkaLagArithmeticTests : LagArithmeticTests
{
    private readonly MockKafkaCluster _cluster = new();

    protected override Task<ILog> OpenAsync() => Task.FromResult<ILog>(KafkaLog.Connect(KafkaLogContractTests.MockOptions(_cluster)));

    protected override Task CreateTopicAsync(ILog log, string name, int partitions)
    {
        _cluster.CreateTopic(name, partitions);
        return Task.CompletedTask;
    }

    protected override Task CloseAsync()
    {
        _cluster.Dispose();
        return Task.CompletedTask;
    }
}
