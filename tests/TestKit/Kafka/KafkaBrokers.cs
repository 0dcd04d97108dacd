using Xunit;

namespace Kappa.TestKit.Kafka;

/// <summary>
/// Chooses the cluster the Kafka end-to-end tests run against, from <c>KAPPA_TEST_KAFKA</c>: <c>mock</c> (the default:
/// librdkafka's mock cluster, which speaks the Kafka protocol over TCP and needs nothing installed) or
/// <c>container</c> (a real Apache Kafka broker in Docker, through Testcontainers). A test marked
/// <see cref="KafkaFactAttribute"/> is skipped, with a one-line reason, when the container is asked for and no
/// Docker engine is reachable.
/// </summary>
public static class KafkaBrokers
{
    /// <summary>The environment variable that chooses the cluster.</summary>
    public const string Variable = "KAPPA_TEST_KAFKA";

    /// <summary>Whether the tests run against a real broker in a container.</summary>
    public static bool UseContainer =>
        string.Equals(Environment.GetEnvironmentVariable(Variable), "container", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the container cannot run, or null when it can (or is not asked for).</summary>
    public static string? SkipReason =>
        UseContainer && !DockerIsReachable()
            ? $"{Variable}=container, but no Docker engine is reachable (no DOCKER_HOST, no /var/run/docker.sock)"
            : null;

    /// <summary>Starts the chosen cluster.</summary>
    public static async Task<IKafkaBroker> StartAsync() =>
        UseContainer ? await KafkaContainerBroker.StartAsync() : await MockKafkaProcess.StartAsync();

    /// <summary>
    /// Creates the topics every <c>kappa run</c> needs before it serves anything, shaped as Kappa creates them: the view
    /// lifecycle's control topic (every event kept), the tasks' progress topic and the schema registry's topic
    /// (compacted), one partition each.
    /// </summary>
    public static async Task CreateKappaTopicsAsync(this IKafkaBroker broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        await broker.CreateTopicAsync("_kappa.views", 1);
        await broker.CreateTopicAsync("_kappa.progress", 1, compacted: true);
        await broker.CreateTopicAsync("_schemas", 1, compacted: true);
    }

    private static bool DockerIsReachable() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST")) || File.Exists("/var/run/docker.sock");
}

/// <summary>A test that needs a Kafka cluster (<see cref="KafkaBrokers"/>); skipped when the chosen one cannot run.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class KafkaFactAttribute : FactAttribute
{
    /// <summary>Marks the test, skipping it with the reason when the chosen cluster cannot run here.</summary>
    public KafkaFactAttribute()
    {
        if (KafkaBrokers.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
