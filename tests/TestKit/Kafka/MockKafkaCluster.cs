using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;

namespace Kappa.TestKit.Kafka;

/// <summary>
/// librdkafka's built-in mock cluster (<c>rdkafka_mock.h</c>), hosted in-process: it serves the real Kafka
/// wire protocol on loopback TCP, so Confluent.Kafka clients talk to it as to a broker. Topics are made
/// through the mock API, because CreateTopics through the admin client times out against it.
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private const int ProducerType = 0;
    private nint _handle;
    private nint _cluster;

    /// <summary>Starts a cluster of <paramref name="brokers"/> brokers.</summary>
    public MockKafkaCluster(int brokers = 1)
    {
        // Makes Confluent.Kafka load the packaged librdkafka before these imports bind to it.
        _ = Library.Version;
        var error = new byte[512];
        var config = Native.rd_kafka_conf_new();
        if (Native.rd_kafka_conf_set(config, "log_level", "3", error, (nuint)error.Length) != 0)
        {
            throw new InvalidOperationException($"rd_kafka_conf_set failed: {Message(error)}");
        }

        _handle = Native.rd_kafka_new(ProducerType, config, error, (nuint)error.Length);
        if (_handle == 0)
        {
            throw new InvalidOperationException($"rd_kafka_new failed: {Message(error)}");
        }

        _cluster = Native.rd_kafka_mock_cluster_new(_handle, brokers);
        if (_cluster == 0)
        {
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed");
        }

        BootstrapServers = Marshal.PtrToStringUTF8(Native.rd_kafka_mock_cluster_bootstraps(_cluster))!;

        // A real broker waits 3 s for more members before a group's first rebalance; tests want it at once.
        Native.rd_kafka_mock_group_initial_rebalance_delay_ms(_cluster, 0);
    }

    /// <summary>The cluster's bootstrap.servers.</summary>
    public string BootstrapServers { get; }

    /// <summary>Creates a topic.</summary>
    public void CreateTopic(string name, int partitions, int replicationFactor = 1)
    {
        var code = Native.rd_kafka_mock_topic_create(_cluster, name, partitions, replicationFactor);
        if (code != 0)
        {
            throw new InvalidOperationException($"rd_kafka_mock_topic_create({name}) failed with error {code}");
        }
    }

    /// <summary>Deletes a topic.</summary>
    public void DeleteTopic(string name)
    {
        var code = Native.rd_kafka_mock_topic_delete(_cluster, name);
        if (code != 0)
        {
            throw new InvalidOperationException($"rd_kafka_mock_topic_delete({name}) failed with error {code}");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_cluster != 0)
        {
            Native.rd_kafka_mock_cluster_destroy(_cluster);
            _cluster = 0;
        }

        if (_handle != 0)
        {
            Native.rd_kafka_destroy(_handle);
            _handle = 0;
        }
    }

    private static string Message(byte[] error) => Encoding.UTF8.GetString(error, 0, Math.Max(0, Array.IndexOf(error, (byte)0)));

    private static class Native
    {
        private const string Library = "librdkafka";

        [DllImport(Library)]
        public static extern nint rd_kafka_conf_new();

        [DllImport(Library)]
        public static extern int rd_kafka_conf_set(
            nint conf,
            [MarshalAs(UnmanagedType.LPUTF8Str)] string name,
            [MarshalAs(UnmanagedType.LPUTF8Str)] string value,
            byte[] errstr,
            nuint errstrSize);

        [DllImport(Library)]
        public static extern nint rd_kafka_new(int type, nint conf, byte[] errstr, nuint errstrSize);

        [DllImport(Library)]
        public static extern void rd_kafka_destroy(nint rk);

        [DllImport(Library)]
        public static extern nint rd_kafka_mock_cluster_new(nint rk, int brokerCount);

        [DllImport(Library)]
        public static extern void rd_kafka_mock_cluster_destroy(nint cluster);

        [DllImport(Library)]
        public static extern nint rd_kafka_mock_cluster_bootstraps(nint cluster);

        [DllImport(Library)]
        public static extern void rd_kafka_mock_group_initial_rebalance_delay_ms(nint cluster, int delayMs);

        [DllImport(Library)]
        public static extern int rd_kafka_mock_topic_delete(nint cluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic);

        [DllImport(Library)]
        public static extern int rd_kafka_mock_topic_create(
            nint cluster,
            [MarshalAs(UnmanagedType.LPUTF8Str)] string topic,
            int partitionCount,
            int replicationFactor);
    }
}
