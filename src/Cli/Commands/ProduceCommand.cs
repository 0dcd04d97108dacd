using System.CommandLine;
using Kappa.Cli.Client;
using Kappa.Cli.Input;
using Kappa.Contracts.Topics;
using Spectre.Console;

namespace Kappa.Cli.Commands;

/// <summary>
/// <c>kappa produce</c>: JSON Lines from a file or stdin into a topic, in batches over HTTP. Bad lines are
/// reported with their line numbers and skipped; good lines are produced; any bad line makes the exit
/// code non-zero.
/// </summary>
internal static class ProduceCommand
{
    private const int BatchSize = 5_000;

    public static Command Create()
    {
        var topic = new Argument<string>("topic") { Description = "The topic to produce to." };
        var file = new Option<FileInfo?>("--file") { Description = "A JSON Lines file; stdin when absent." };
        var key = new Option<string?>("--key") { Description = "The field whose value becomes the record key." };
        var time = new Option<string?>("--time") { Description = "The field holding the event time (Unix ms or ISO-8601)." };
        var url = CommonOptions.Url();
        var command = new Command("produce", "Produce JSON Lines to a topic.") { topic, file, key, time, url };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(() => RunAsync(
            result.GetValue(topic)!,
            result.GetValue(file),
            new JsonLineParser(result.GetValue(key), result.GetValue(time)),
            result.GetValue(url)!,
            cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(string topic, FileInfo? file, JsonLineParser parser, Uri url, CancellationToken cancellationToken)
    {
        if (file is { Exists: false })
        {
            throw new CliException($"--file '{file.FullName}' does not exist");
        }

        using var client = new KappaClient(url);
        using var reader = file is null ? new StreamReader(Console.OpenStandardInput()) : new StreamReader(file.FullName);
        var showProgress = file is not null && !Console.IsOutputRedirected && !Console.IsErrorRedirected;
        var counts = new ProduceCounts();
        if (showProgress)
        {
            await AnsiConsole.Progress().AutoClear(true).StartAsync(async context =>
            {
                var task = context.AddTask($"producing to {topic}", maxValue: Math.Max(1, file!.Length));
                await ProduceAllAsync(reader, topic, parser, client, counts, () => task.Value = reader.BaseStream.Position, cancellationToken);
            });
        }
        else
        {
            await ProduceAllAsync(reader, topic, parser, client, counts, () => { }, cancellationToken);
        }

        await Console.Out.WriteLineAsync($"produced {counts.Produced} records to {topic}" + (counts.Failed > 0 ? $"; {counts.Failed} lines failed" : string.Empty));
        return counts.Failed > 0 ? 1 : 0;
    }

    private static async Task ProduceAllAsync(
        StreamReader reader,
        string topic,
        JsonLineParser parser,
        KappaClient client,
        ProduceCounts counts,
        Action onProgress,
        CancellationToken cancellationToken)
    {
        var batch = new List<ProduceRecord>(BatchSize);
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (parser.Parse(line, out var error) is { } record)
            {
                batch.Add(record);
            }
            else
            {
                counts.Failed++;
                await Console.Error.WriteLineAsync($"line {lineNumber}: {error}");
            }

            if (batch.Count == BatchSize)
            {
                await SendAsync(client, topic, batch, counts, cancellationToken);
                onProgress();
            }
        }

        await SendAsync(client, topic, batch, counts, cancellationToken);
        onProgress();
    }

    private static async Task SendAsync(KappaClient client, string topic, List<ProduceRecord> batch, ProduceCounts counts, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var response = await client.ProduceAsync(topic, new ProduceRequest(batch), cancellationToken);
        counts.Produced += response.Offsets.Count;
        batch.Clear();
    }

    private sealed class ProduceCounts
    {
        public long Produced { get; set; }

        public long Failed { get; set; }
    }
}
