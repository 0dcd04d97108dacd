using System.CommandLine;
using System.Text.Json;
using Kappa.Cli.Client;
using Kappa.Contracts;
using Kappa.Log.Lag;
using Spectre.Console;

namespace Kappa.Cli.Commands;

/// <summary>
/// <c>kappa lag</c>: consumer lag per group and partition, from <c>GET /lag</c>. Exits <see cref="NotOkExitCode"/>
/// when any shown group is not OK, so a script can wait on it; <c>--watch</c> redraws until interrupted.
/// </summary>
internal static class LagCommand
{
    /// <summary>The exit code when a group is WARN, REWOUND, STALLED or STOPPED (1 stays "could not ask").</summary>
    public const int NotOkExitCode = 3;

    public static Command Create()
    {
        var group = new Option<string?>("--group") { Description = "Only this consumer group." };
        var watch = new Option<bool>("--watch") { Description = "Refresh in place every --interval until interrupted." };
        var interval = new Option<TimeSpan>("--interval")
        {
            Description = "The refresh interval of --watch.",
            DefaultValueFactory = _ => TimeSpan.FromSeconds(2),
        };
        var json = CommonOptions.Json();
        var url = CommonOptions.Url();
        var command = new Command("lag", $"Show consumer lag per group and partition; exits {NotOkExitCode} when any group is not OK.")
        {
            group, watch, interval, json, url,
        };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            if (result.GetValue(interval) <= TimeSpan.Zero)
            {
                throw new CliException("--interval must be positive");
            }

            using var client = new KappaClient(result.GetValue(url)!);
            var fetch = () => client.GetLagAsync(result.GetValue(group), cancellationToken);
            if (result.GetValue(watch))
            {
                // Runs until interrupted, which CommandRunner turns into exit code 130.
                await WatchAsync(fetch, result.GetValue(json), result.GetValue(interval), cancellationToken);
            }

            var report = await fetch();
            Print(report, result.GetValue(json));
            return report.Status == LagStatus.Ok ? 0 : NotOkExitCode;
        }));
        return command;
    }

    private static void Print(LagReport report, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(report, KappaJson.Options));
        }
        else
        {
            AnsiConsole.Write(LagTable.Build(report));
        }
    }

    private static async Task WatchAsync(Func<Task<LagReport>> fetch, bool json, TimeSpan interval, CancellationToken cancellationToken)
    {
        var report = await fetch();
        if (json)
        {
            // One JSON document per line and refresh: what a script reading a stream wants.
            while (true)
            {
                Print(report, json: true);
                await Task.Delay(interval, cancellationToken);
                report = await fetch();
            }
        }

        await AnsiConsole.Live(LagTable.Build(report)).StartAsync(async live =>
        {
            while (true)
            {
                await Task.Delay(interval, cancellationToken);
                live.UpdateTarget(LagTable.Build(await fetch()));
            }
        });
    }
}
