using Kappa.Log.Abstractions;
using Kappa.Log.Kafka;
using Xunit;

namespace Kappa.Log.Tests.Kafka;

public sealed class KafkaOptionsTests
{
    [Fact]
    public void Invalid_options_are_reported_together_and_guarantees_cannot_be_overridden()
    {
        var options = new KafkaOptions { DefaultPartitions = 0, ReplicationFactor = 0 };
        options.Properties["acks"] = "1";
        options.Properties["enable.auto.commit"] = "true";

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("BootstrapServers is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("DefaultPartitions", error.Message, StringComparison.Ordinal);
        Assert.Contains("ReplicationFactor", error.Message, StringComparison.Ordinal);
        Assert.Contains("'acks' is set by Kappa", error.Message, StringComparison.Ordinal);
        Assert.Contains("'enable.auto.commit' is set by Kappa", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pass_through_properties_reach_every_client_and_kappas_settings_win()
    {
        var options = new KafkaOptions { BootstrapServers = "broker:9092" };
        options.Properties["security.protocol"] = "SASL_SSL";
        options.Properties["sasl.mechanisms"] = "PLAIN";

        var producer = KafkaClientConfigs.Producer(options);
        var consumer = KafkaClientConfigs.Consumer(options, "g");
        var admin = KafkaClientConfigs.Admin(options);

        Assert.All(new Confluent.Kafka.ClientConfig[] { producer, consumer, admin }, config =>
        {
            Assert.Equal("broker:9092", config.BootstrapServers);
            Assert.Equal("SASL_SSL", config.Get("security.protocol"));
            Assert.Equal("PLAIN", config.Get("sasl.mechanisms"));
        });
        Assert.True(producer.EnableIdempotence);
        Assert.Equal(Confluent.Kafka.Acks.All, producer.Acks);
        Assert.Equal(Confluent.Kafka.Partitioner.Murmur2Random, producer.Partitioner);
        Assert.False(consumer.EnableAutoCommit);
        Assert.False(consumer.EnableAutoOffsetStore);
        Assert.Equal(Confluent.Kafka.PartitionAssignmentStrategy.CooperativeSticky, consumer.PartitionAssignmentStrategy);
    }

    [Fact]
    public void An_unreachable_cluster_fails_clearly_at_connect()
    {
        var options = new KafkaOptions { BootstrapServers = "127.0.0.1:1", RequestTimeout = TimeSpan.FromSeconds(1) };

        var error = Assert.Throws<LogException>(() => KafkaLog.Connect(options));

        Assert.Contains("cannot reach Kafka at 127.0.0.1:1", error.Message, StringComparison.Ordinal);
    }
}
