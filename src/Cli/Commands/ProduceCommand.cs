using System.CommandLine;
using Kappa.Cli.Client;
using Kappa.Cli.Input;
using Kappa.Cli.Schemas;
using Kappa.Contracts.Schemas;
using Kappa.Contracts.Topics;
using Spectre.Console;

namespace Kappa.Cli.Commands;

/// <summary>
/// <c>kappa produce</c>: JSON Lines from a file or stdin into a topic, in batches over HTTP, as JSON or (with
/// <c>--format avro</c>) as Confluent-framed Avro under a registered schema. Bad lines are
/// reported with their line numbers and skipped; good lines are produced; any bad line makes the exit
/// code non-zero. The command is one trace (<see cref="CommandTrace"/>), which the server passes on to the records.
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
        var format = new Option<string>("--format")
        {
            Description = "json: each line's object is the value, as JSON text. avro: each line is plain JSON read by --schema "
                + "(numbers, strings, objects for records, symbols for enums, base64 for bytes and fixed, ISO-8601 for timestamps, numbers for decimals, "
                + "yyyy-MM-dd for dates; a union takes a bare value or Apache's {\"branch\": value}), encoded as Avro binary in "
                + "Confluent's framing, the schema registered under --subject.",
            DefaultValueFactory = _ => "json",
        };
        format.AcceptOnlyFromAmong("json", "avro");
        var schema = new Option<FileInfo?>("--schema") { Description = "With --format avro: the value schema (.avsc)." };
        var subject = new Option<string?>("--subject") { Description = "With --format avro: the subject to register under; <topic>-value by default (the topic name strategy)." };
        var registry = RegistryConnection.RegistryOption();
        var command = new Command("produce", "Produce JSON Lines to a topic, as JSON or as Avro.") { topic, file, key, time, url, format, schema, subject, registry };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var name = result.GetValue(topic)!;
            var encoder = result.GetValue(format) == "avro"
                ? await AvroEncoderAsync(name, result.GetValue(schema), result.GetValue(subject), result.GetValue(url)!, result.GetValue(registry), cancellationToken)
                : result.GetValue(schema) is null ? null : throw new CliException("--schema needs --format avro");
            return await RunAsync(name, result.GetValue(file), new JsonLineParser(result.GetValue(key), result.GetValue(time)), encoder, result.GetValue(url)!, cancellationToken);
        }));
        return command;
    }

    /// <summary>Registers the schema (or finds it registered) and returns the encoder framing values with its id.</summary>
    private static async Task<AvroValueEncoder> AvroEncoderAsync(string topic, FileInfo? schemaFile, string? subject, Uri url, Uri? registryUrl, CancellationToken cancellationToken)
    {
        var schema = RegistryConnection.ReadSchemaFile(schemaFile ?? throw new CliException("--format avro needs --schema file.avsc"));
        using var registry = RegistryConnection.Open(url, registryUrl);
        var name = subject ?? SubjectNames.For(SubjectNameStrategy.Topic, topic, schema);
        var id = await RegistryConnection.CallAsync(() => registry.RegisterAsync(name, schema, cancellationToken));
        return new AvroValueEncoder(schema, id);
    }

    private static async Task<int> RunAsync(string topic, FileInfo? file, JsonLineParser parser, AvroValueEncoder? encoder, Uri url, CancellationToken cancellationToken)
    {
        if (file is { Exists: false })
        {
            throw new CliException($"--file '{file.FullName}' does not exist");
        }

        using var trace = CommandTrace.Start("kappa produce");
        using var client = new KappaClient(url);
        using var reader = file is null ? new StreamReader(Console.OpenStandardInput()) : new StreamReader(file.FullName);
        var showProgress = file is not null && !Console.IsOutputRedirected && !Console.IsErrorRedirected;
        var counts = new ProduceCounts();
        if (showProgress)
        {
            await AnsiConsole.Progress().AutoClear(true).StartAsync(async context =>
            {
                var task = context.AddTask($"producing to {topic}", maxValue: Math.Max(1, file!.Length));
                await ProduceAllAsync(reader, topic, parser, encoder, client, counts, () => task.Value = reader.BaseStream.Position, cancellationToken);
            });
        }
        else
        {
            await ProduceAllAsync(reader, topic, parser, encoder, client, counts, () => { }, cancellationToken);
        }

        await Console.Out.WriteLineAsync($"produced {counts.Produced} records to {topic}" + (counts.Failed > 0 ? $"; {counts.Failed} lines failed" : string.Empty));
        return counts.Failed > 0 ? 1 : 0;
    }

    private static async Task ProduceAllAsync(
        StreamReader reader,
        string topic,
        JsonLineParser parser,
        AvroValueEncoder? encoder,
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

            var record = parser.Parse(line, out var error);
            if (record is not null && encoder is not null)
            {
                record = encoder.Encode(record, out error);
            }

            if (record is not null)
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
                await SendAsync(client, topic, batch, encoder is null ? null : ProduceValueFormat.Binary, counts, cancellationToken);
                onProgress();
            }
        }

        await SendAsync(client, topic, batch, encoder is null ? null : ProduceValueFormat.Binary, counts, cancellationToken);
        onProgress();
    }

    private static async Task SendAsync(KappaClient client, string topic, List<ProduceRecord> batch, ProduceValueFormat? format, ProduceCounts counts, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var response = await client.ProduceAsync(topic, new ProduceRequest(batch, format), cancellationToken);
        counts.Produced += response.Offsets.Count;
        batch.Clear();
    }

    private sealed class ProduceCounts
    {
        public long Produced { get; set; }

        public long Failed { get; set; }
    }
}
