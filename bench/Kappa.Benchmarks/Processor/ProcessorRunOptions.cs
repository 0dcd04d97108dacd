using System.Globalization;

namespace Kappa.Benchmarks.Processor;

/// <summary>What one <c>--processor</c> run measures; parsed from <c>--name value</c> pairs.</summary>
internal sealed record ProcessorRunOptions(
    long Events,
    int Keys,
    int Partitions,
    bool FromLog,
    int CacheMaxRows,
    TimeSpan CommitInterval,
    int MaxPollRecords,
    TimeSpan Span,
    bool Telemetry = true,
    TimeSpan? CatchUpCommitInterval = null,
    int? CommitMaxDirtyRows = null)
{
    public const string Usage = """
        --processor [--events N] [--keys K] [--partitions P] [--source log|generator] [--cache-rows R]
                    [--commit-ms MS] [--catch-up-ms MS] [--max-dirty N] [--poll-records N] [--span-hours H] [--telemetry on|off]
        defaults:   --events 10000000 --keys 100000 --partitions 4 --source log --cache-rows 1000000
                    --commit-ms 200 --catch-up-ms 3000 --max-dirty 300000 (ProcessorOptions' defaults) --poll-records 10000 --span-hours 3 --telemetry on (tasks get their telemetry, as in a server)
        """;

    public static ProcessorRunOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ProcessorRunOptions(10_000_000, 100_000, 4, true, 1_000_000, TimeSpan.FromMilliseconds(200), 10_000, TimeSpan.FromHours(3));
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--processor")
            {
                continue;
            }

            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value\n{Usage}");
            options = args[i - 1] switch
            {
                "--events" => options with { Events = Number(value) },
                "--keys" => options with { Keys = (int)Number(value) },
                "--partitions" => options with { Partitions = (int)Number(value) },
                "--source" => options with { FromLog = value == "log" || (value == "generator" ? false : throw new ArgumentException($"unknown source {value}\n{Usage}")) },
                "--cache-rows" => options with { CacheMaxRows = (int)Number(value) },
                "--commit-ms" => options with { CommitInterval = TimeSpan.FromMilliseconds(Number(value)) },
                "--catch-up-ms" => options with { CatchUpCommitInterval = TimeSpan.FromMilliseconds(Number(value)) },
                "--max-dirty" => options with { CommitMaxDirtyRows = (int)Number(value) },
                "--poll-records" => options with { MaxPollRecords = (int)Number(value) },
                "--span-hours" => options with { Span = TimeSpan.FromHours(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--telemetry" => options with { Telemetry = value == "on" || (value == "off" ? false : throw new ArgumentException($"--telemetry is on or off\n{Usage}")) },
                _ => throw new ArgumentException($"unknown option {args[i - 1]}\n{Usage}"),
            };
        }

        return options;
    }

    // Accepts 10_000_000 and 10,000,000 as well as 10000000.
    private static long Number(string text) => long.Parse(text.Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
}
