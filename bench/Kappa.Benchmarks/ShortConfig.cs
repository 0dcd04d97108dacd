using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Kappa.Benchmarks;

/// <summary>
/// BenchmarkDotNet's defaults with a deliberately short job: the machine is small and shared, and these
/// benchmarks measure rates of whole batches (each invocation moves two million records), so few iterations do.
/// </summary>
public static class ShortConfig
{
    public static IConfig Create() =>
        DefaultConfig.Instance
            .AddJob(Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(2)
                .WithIterationCount(5)
                .WithUnrollFactor(1)
                .WithInvocationCount(1)
                .AsDefault())
            .AddColumn(new RecordsPerSecondColumn())
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.JoinSummary);
}
