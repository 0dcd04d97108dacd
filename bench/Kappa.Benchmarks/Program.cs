using BenchmarkDotNet.Running;
using Kappa.Benchmarks.Processor;

namespace Kappa.Benchmarks;

/// <summary>
/// Runs the benchmarks picked on the command line (BenchmarkDotNet's switcher: --filter, --job, ...), or, with
/// <c>--processor</c>, the processor's throughput and memory run (<see cref="ProcessorThroughput"/>), or, with
/// <c>--replay</c>, replay, query and swap measurements of a real server (<see cref="Replay.ServerBench"/>), or, with
/// <c>--kafka</c>, consume rates on librdkafka's mock cluster (<see cref="Kafka.KafkaConsumeRates"/>), or, with
/// <c>--avro-extract</c>, Avro field extraction timed by CPU time (<see cref="AvroExtractRates"/>), or, with
/// <c>--materializer</c>, the materializer alone over a replay's changelog (<see cref="Replay.MaterializerThroughput"/>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--kafka"))
        {
            return await Kafka.KafkaConsumeRates.RunAsync(args);
        }

        if (args.Contains("--avro-extract"))
        {
            return AvroExtractRates.Run();
        }

        if (args.Contains("--processor"))
        {
            return await ProcessorThroughput.RunAsync(args);
        }

        if (args.Contains("--materializer"))
        {
            return await Replay.MaterializerThroughput.RunAsync(args);
        }

        if (args.Contains("--replay"))
        {
            return await Replay.ServerBench.RunAsync(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, ShortConfig.Create());
        return 0;
    }
}
