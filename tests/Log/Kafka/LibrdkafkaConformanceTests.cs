using System.Text;
using Confluent.Kafka;
using Kappa.Log.Partitioning;
using Kappa.TestKit.Kafka;
using Xunit;

namespace Kappa.Log.Tests.Kafka;

/// <summary>
/// The native client the bootstrap provides is the exact librdkafka Confluent.Kafka needs, and Kappa's
/// partitioner places keys where librdkafka's Java-compatible murmur2_random does, so the embedded log and
/// Kafka agree on every key's partition.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LibrdkafkaConformanceTests : IDisposable
{
    private const string Topic = "partitioning";
    private const int Partitions = 8;
    private readonly MockKafkaCluster _cluster = new();

    [Fact]
    public void The_loaded_librdkafka_is_2_15_1()
    {
        Assert.Equal("2.15.1", Library.VersionString);
    }

    [Fact]
    public async Task Murmur2_random_places_keys_where_the_kappa_partitioner_does()
    {
        _cluster.CreateTopic(Topic, Partitions);
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            Partitioner = Partitioner.Murmur2Random,
        }).Build();

        var random = new Random(42);
        var keys = new List<byte[]> { "foobar"u8.ToArray(), "21"u8.ToArray(), Array.Empty<byte>() };
        keys.AddRange(Enumerable.Range(0, 200).Select(i => Encoding.UTF8.GetBytes($"customer-{random.Next()}-{i}")));
        foreach (var key in keys)
        {
            var delivery = await producer.ProduceAsync(Topic, new Message<byte[], byte[]> { Key = key, Value = [1] });
            Assert.Equal(KafkaPartitioner.Partition(key, Partitions), delivery.Partition.Value);
        }
    }

    public void Dispose() => _cluster.Dispose();
}
