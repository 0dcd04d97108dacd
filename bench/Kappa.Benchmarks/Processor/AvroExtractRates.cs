using System.Diagnostics;
using System.Globalization;

namespace Kappa.Benchmarks.Processor;

/// <summary>
/// The cases of <see cref="AvroExtractBenchmarks"/> timed by the process's CPU time as well as by the clock
/// (<c>--avro-extract</c>): on a shared machine the wall clock counts the time other processes hold the core, while
/// CPU time counts only this thread's work (plus the runtime's background threads, idle here as nothing allocates), which
/// is what "records per second on one core" asks. Each case runs five rounds of five invocations; the best round counts.
/// </summary>
public static class AvroExtractRates
{
    public static int Run()
    {
        var benchmarks = new AvroExtractBenchmarks();
        benchmarks.Setup();
        var cases = new (string Name, Func<decimal> Run)[]
        {
            (nameof(AvroExtractBenchmarks.AvroThreeFields), benchmarks.AvroThreeFields),
            (nameof(AvroExtractBenchmarks.AvroAllFields), benchmarks.AvroAllFields),
            (nameof(AvroExtractBenchmarks.JsonThreeFields), benchmarks.JsonThreeFields),
        };
        Console.WriteLine($"{"case",-16} {"records/s (CPU)",16} {"records/s (wall)",17}");
        foreach (var (name, run) in cases)
        {
            run();
            var (bestCpu, bestWall) = (0.0, 0.0);
            for (var round = 0; round < 5; round++)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                for (var i = 0; i < 5; i++)
                {
                    run();
                }

                var records = 5.0 * AvroExtractBenchmarks.Records;
                bestCpu = Math.Max(bestCpu, records / (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
                bestWall = Math.Max(bestWall, records / clock.Elapsed.TotalSeconds);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-16} {bestCpu,16:N0} {bestWall,17:N0}"));
        }

        return 0;
    }
}
