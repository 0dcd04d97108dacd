using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Kappa.Cli.Client;
using Kappa.Contracts;
using Kappa.Contracts.Lifecycle;
using Spectre.Console;

namespace Kappa.Cli.Commands;

/// <summary>
/// <c>kappa replay &lt;view&gt;</c>: builds a new version of a view from the log, beside the live one, and follows it
/// until it is ready (validated) or active. The replay runs in the server: stopping this command does not stop it, and
/// running the same command again follows the same version from where it is.
/// </summary>
internal static class ReplayCommand
{
    /// <summary>The exit code when the version is ready but its gates failed.</summary>
    public const int GatesFailed = 3;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static Command Create()
    {
        var view = new Argument<string>("view") { Description = "The view to rebuild." };
        var definition = new Option<FileInfo?>("--definition")
        {
            Description = "A YAML file defining the view anew (same name); without it the active version's definition is replayed.",
        };
        var from = new Option<string>("--from")
        {
            Description = "Where in the log to start: earliest, or an ISO-8601 timestamp.",
            DefaultValueFactory = _ => "earliest",
        };
        var to = new Option<string?>("--to") { Description = "An ISO-8601 timestamp to stop at (a bounded backfill); without it the version runs live." };
        var activate = new Option<string>("--activate")
        {
            Description = "auto: activate once the gates pass; manual: wait for 'kappa views activate'.",
            DefaultValueFactory = _ => "manual",
        };
        activate.AcceptOnlyFromAmong("auto", "manual");
        var noWait = new Option<bool>("--no-wait") { Description = "Start the replay and return without following it." };
        var json = new Option<bool>("--json") { Description = "Print progress and the outcome as JSON lines instead of a progress bar." };
        var url = CommonOptions.Url();
        var adminToken = CommonOptions.AdminToken();
        var command = new Command("replay", "Rebuild a view as a new version from the log, validate it, and optionally activate it.")
        {
            view, definition, from, to, activate, noWait, json, url, adminToken,
        };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            string? text = null;
            if (result.GetValue(definition) is { } file)
            {
                text = file.Exists ? await File.ReadAllTextAsync(file.FullName, cancellationToken) : throw new CliException($"--definition '{file}' does not exist");
            }

            using var client = new KappaClient(result.GetValue(url)!, result.GetValue(adminToken));
            var name = result.GetValue(view)!;
            var started = await client.ReplayAsync(
                name,
                new ReplayRequest(text, result.GetValue(from), result.GetValue(to), result.GetValue(activate)),
                cancellationToken);
            var asJson = result.GetValue(json);
            Report(asJson, "started", started);
            if (result.GetValue(noWait))
            {
                return 0;
            }

            var outcome = await FollowAsync(client, started, asJson, cancellationToken);
            return Conclude(outcome, asJson);
        }));
        return command;
    }

    private static async Task<VersionDetail> FollowAsync(KappaClient client, VersionDetail version, bool asJson, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var firstDone = version.Progress?.Done ?? 0;
        var lastPrinted = TimeSpan.Zero;
        while (version.State == VersionState.Building || (version.Activation == "auto" && version.State == VersionState.Ready && version.Gates?.Passed == true))
        {
            await Task.Delay(PollInterval, cancellationToken);
            version = await client.GetVersionAsync(version.View, version.Version, cancellationToken);
            if (version.Progress is { } progress && clock.Elapsed - lastPrinted >= TimeSpan.FromSeconds(asJson ? 1 : 0.5))
            {
                lastPrinted = clock.Elapsed;
                var rate = (progress.Done - firstDone) / Math.Max(clock.Elapsed.TotalSeconds, 0.001);
                var eta = rate > 0 ? TimeSpan.FromSeconds((progress.Total - progress.Done) / rate) : (TimeSpan?)null;
                PrintProgress(asJson, version, progress, rate, eta);
            }
        }

        return version;
    }

    private static void PrintProgress(bool asJson, VersionDetail version, ReplayProgress progress, double rate, TimeSpan? eta)
    {
        if (asJson)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(
                new { @event = "progress", version.View, version.Version, progress.Done, progress.Total, Rate = Math.Round(rate), EtaSeconds = eta?.TotalSeconds is { } s ? Math.Round(s, 1) : (double?)null },
                KappaJson.Options));
            return;
        }

        var fraction = progress.Total == 0 ? 1 : (double)progress.Done / progress.Total;
        var bar = new string('#', (int)(fraction * 30)).PadRight(30, '.');

        // On a terminal the bar redraws in place; into a file or pipe each update is a line of its own.
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"[{bar}] {fraction,6:P1}  {progress.Done:N0} of {progress.Total:N0} records  {rate:N0}/s  ETA {(eta is { } e ? e.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "--:--:--")}");
        if (Console.IsOutputRedirected)
        {
            Console.Out.WriteLine(line);
        }
        else
        {
            Console.Out.Write("\r" + line);
        }
    }

    private static int Conclude(VersionDetail version, bool asJson)
    {
        if (!asJson && !Console.IsOutputRedirected)
        {
            Console.Out.WriteLine();
        }

        var passed = version.Gates?.Passed != false;
        Report(asJson, passed ? version.State.ToString().ToLowerInvariant() : "gates_failed", version);
        if (!asJson && version.Gates is { } gates)
        {
            var table = new Table().Title($"gates of {Markup.Escape(version.View)} version {version.Version}{(gates.ComparedWith is { } c ? $" against version {c}" : string.Empty)}")
                .AddColumn("check").AddColumn("outcome").AddColumn("detail");
            foreach (var check in gates.Checks)
            {
                table.AddRow(Markup.Escape(check.Name), check.Passed ? "[green]pass[/]" : "[red]FAIL[/]", Markup.Escape(check.Detail));
            }

            AnsiConsole.Write(table);
        }

        if (!passed)
        {
            Console.Error.WriteLine($"kappa: version {version.Version} of '{version.View}' is ready but did not pass its gates; inspect it with 'kappa views diff', then 'kappa views activate {version.View} {version.Version}' or 'kappa views drop {version.View} {version.Version}'");
            return GatesFailed;
        }

        return version.State is VersionState.Active or VersionState.Ready ? 0 : 1;
    }

    private static void Report(bool asJson, string what, VersionDetail version)
    {
        if (asJson)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new { @event = what, Detail = version }, KappaJson.Options));
            return;
        }

        Console.Out.WriteLine(what switch
        {
            "started" => $"{version.View}: version {version.Version} is {version.State.ToString().ToLowerInvariant()} ({version.Activation} activation)",
            _ => $"{version.View}: version {version.Version} is {what}",
        });
    }
}
