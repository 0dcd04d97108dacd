using System.Globalization;
using Kappa.TestKit.Kafka;

namespace Kappa.MockKafka;

/// <summary>
/// <c>kappa-mock-kafka [--brokers N] [--topic name:partitions]...</c>: starts a mock cluster, prints
/// <c>bootstrap host:port,...</c> on stdout, then serves commands on stdin, one a line, each answered with
/// <c>ok</c> or <c>error message</c>: <c>create name partitions</c>, <c>delete name</c>. It stops when stdin closes
/// (its parent is gone) or on SIGTERM.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        var brokers = 1;
        var topics = new List<(string Name, int Partitions)>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--brokers" when i + 1 < args.Length:
                    brokers = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--topic" when i + 1 < args.Length && args[i + 1].Split(':') is [var name, var count]:
                    topics.Add((name, int.Parse(count, CultureInfo.InvariantCulture)));
                    i++;
                    break;
                default:
                    Console.Error.WriteLine($"kappa-mock-kafka: unexpected argument '{args[i]}'; usage: [--brokers N] [--topic name:partitions]...");
                    return 2;
            }
        }

        using var cluster = new MockKafkaCluster(brokers);
        foreach (var (name, partitions) in topics)
        {
            cluster.CreateTopic(name, partitions);
        }

        Console.Out.WriteLine($"bootstrap {cluster.BootstrapServers}");
        Console.Out.Flush();
        while (Console.In.ReadLine() is { } line)
        {
            Console.Out.WriteLine(Execute(cluster, line.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
            Console.Out.Flush();
        }

        return 0;
    }

    private static string Execute(MockKafkaCluster cluster, string[] command)
    {
        try
        {
            switch (command)
            {
                case ["create", var name, var partitions]:
                    cluster.CreateTopic(name, int.Parse(partitions, CultureInfo.InvariantCulture));
                    return "ok";
                case ["delete", var name]:
                    cluster.DeleteTopic(name);
                    return "ok";
                default:
                    return $"error unknown command '{string.Join(' ', command)}'";
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException)
        {
            return $"error {e.Message}";
        }
    }
}
