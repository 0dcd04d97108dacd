using BenchmarkDotNet.Running;

namespace Kappa.Benchmarks;

/// <summary>Runs the benchmarks picked on the command line (BenchmarkDotNet's switcher: --filter, --job, ...).</summary>
public static class Program
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, ShortConfig.Create());
}
