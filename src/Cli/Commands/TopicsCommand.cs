using System.CommandLine;
using System.Text.Json;
using Kappa.Cli.Client;
using Kappa.Contracts;
using Kappa.Contracts.Topics;
using Spectre.Console;

namespace Kappa.Cli.Commands;

/// <summary><c>kappa topics list|create</c>.</summary>
internal static class TopicsCommand
{
    public static Command Create()
    {
        var command = new Command("topics", "List or create topics.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(CreateTopic());
        return command;
    }

    private static Command List()
    {
        var json = CommonOptions.Json();
        var url = CommonOptions.Url();
        var command = new Command("list", "List topics with their partitions and offsets.") { json, url };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            using var client = new KappaClient(result.GetValue(url)!);
            var topics = await client.ListTopicsAsync(cancellationToken);
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(topics, KappaJson.Options));
                return 0;
            }

            var table = new Table().AddColumn("topic").AddColumn(new TableColumn("partitions").RightAligned()).AddColumn(new TableColumn("records").RightAligned());
            foreach (var topic in topics)
            {
                table.AddRow(Markup.Escape(topic.Name), topic.Partitions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), topic.Records.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    private static Command CreateTopic()
    {
        var name = new Argument<string>("name") { Description = "The topic name." };
        var partitions = new Option<int>("--partitions") { Description = "The partition count.", DefaultValueFactory = _ => 4 };
        var url = CommonOptions.Url();
        var adminToken = CommonOptions.AdminToken();
        var command = new Command("create", "Create a topic with an explicit partition count (admin).") { name, partitions, url, adminToken };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            using var client = new KappaClient(result.GetValue(url)!, result.GetValue(adminToken));
            var topic = await client.CreateTopicAsync(new CreateTopicRequest(result.GetValue(name)!, result.GetValue(partitions)), cancellationToken);
            Console.Out.WriteLine($"created topic {topic.Name} with {topic.Partitions.Count} partitions");
            return 0;
        }));
        return command;
    }
}
