using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Kappa.Cli.Schemas;
using Kappa.Contracts.Schemas;
using Spectre.Console;

namespace Kappa.Cli.Commands;

/// <summary><c>kappa schemas register|list|show|check</c>: the schema registry from the command line.</summary>
internal static class SchemasCommand
{
    public static Command Create()
    {
        var command = new Command("schemas", "Register, list, show and check Avro schemas in the schema registry.");
        command.Subcommands.Add(Register());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Check());
        return command;
    }

    private static Command Register()
    {
        var subject = SubjectArgument();
        var file = SchemaFileArgument();
        var url = CommonOptions.Url();
        var registry = RegistryConnection.RegistryOption();
        var command = new Command("register", "Register an .avsc file under a subject (or find it registered); prints its id and version.") { subject, file, url, registry };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var schema = RegistryConnection.ReadSchemaFile(result.GetValue(file)!);
            using var client = RegistryConnection.Open(result.GetValue(url)!, result.GetValue(registry));
            var name = result.GetValue(subject)!;
            var id = await RegistryConnection.CallAsync(() => client.RegisterAsync(name, schema, cancellationToken));
            var registered = await RegistryConnection.CallAsync(() => client.LookupAsync(name, schema, cancellationToken));
            Console.Out.WriteLine($"registered {name} version {registered.Version} with id {id}");
            return 0;
        }));
        return command;
    }

    private static Command List()
    {
        var subject = new Argument<string?>("subject") { Description = "A subject whose versions to list; all subjects when absent.", Arity = ArgumentArity.ZeroOrOne };
        var json = CommonOptions.Json();
        var url = CommonOptions.Url();
        var registry = RegistryConnection.RegistryOption();
        var command = new Command("list", "List the subjects, or one subject's versions with their ids.") { subject, json, url, registry };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            using var client = RegistryConnection.Open(result.GetValue(url)!, result.GetValue(registry));
            if (result.GetValue(subject) is not { } name)
            {
                var subjects = await RegistryConnection.CallAsync(() => client.GetSubjectsAsync(cancellationToken));
                if (result.GetValue(json))
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(subjects, SchemaRegistryJson.Options));
                }
                else
                {
                    foreach (var s in subjects)
                    {
                        Console.Out.WriteLine(s);
                    }
                }

                return 0;
            }

            var versions = await RegistryConnection.CallAsync(() => client.GetVersionsAsync(name, cancellationToken));
            var registered = new List<RegisteredSchema>(versions.Count);
            foreach (var version in versions)
            {
                registered.Add(await RegistryConnection.CallAsync(() => client.GetVersionAsync(name, version, cancellationToken)));
            }

            if (result.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(registered, SchemaRegistryJson.Options));
                return 0;
            }

            var table = new Table().AddColumn(new TableColumn("version").RightAligned()).AddColumn(new TableColumn("id").RightAligned()).AddColumn("schema");
            foreach (var r in registered)
            {
                var text = r.Schema.Length > 80 ? r.Schema[..77] + "..." : r.Schema;
                table.AddRow(r.Version.ToString(CultureInfo.InvariantCulture), r.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(text));
            }

            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    private static Command Show()
    {
        var subject = new Argument<string?>("subject") { Description = "The subject; omit it to show a schema by --id.", Arity = ArgumentArity.ZeroOrOne };
        var version = new Option<string>("--version") { Description = "The version: a number or 'latest'.", DefaultValueFactory = _ => "latest" };
        var id = new Option<int?>("--id") { Description = "Show the schema with this id instead of a subject's version." };
        var url = CommonOptions.Url();
        var registry = RegistryConnection.RegistryOption();
        var command = new Command("show", "Print a schema: a subject's version (latest by default), or the schema with an id.") { subject, version, id, url, registry };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            using var client = RegistryConnection.Open(result.GetValue(url)!, result.GetValue(registry));
            if (result.GetValue(id) is { } schemaId)
            {
                var schema = await RegistryConnection.CallAsync(async () => await client.GetSchemaAsync(schemaId, cancellationToken));
                Console.Out.WriteLine(schema.ToJson());
                return 0;
            }

            var name = result.GetValue(subject) ?? throw new CliException("name a subject, or give --id");
            var text = result.GetValue(version)!;
            var registered = string.Equals(text, "latest", StringComparison.OrdinalIgnoreCase)
                ? await RegistryConnection.CallAsync(() => client.GetLatestAsync(name, cancellationToken))
                : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
                    ? await RegistryConnection.CallAsync(() => client.GetVersionAsync(name, number, cancellationToken))
                    : throw new CliException($"--version '{text}' is neither a positive number nor 'latest'");
            Console.Error.WriteLine($"{registered.Subject} version {registered.Version}, id {registered.Id}");
            Console.Out.WriteLine(registered.Schema);
            return 0;
        }));
        return command;
    }

    private static Command Check()
    {
        var subject = SubjectArgument();
        var file = SchemaFileArgument();
        var version = new Option<string>("--version") { Description = "The version to check against: a number, or 'latest' for what registering would check.", DefaultValueFactory = _ => "latest" };
        var url = CommonOptions.Url();
        var registry = RegistryConnection.RegistryOption();
        var command = new Command("check", "Check whether an .avsc file could be registered under a subject; exits 1 when it could not, with the reasons.") { subject, file, version, url, registry };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var schema = RegistryConnection.ReadSchemaFile(result.GetValue(file)!);
            using var client = RegistryConnection.Open(result.GetValue(url)!, result.GetValue(registry));
            var name = result.GetValue(subject)!;
            var verdict = await RegistryConnection.CallAsync(() => client.TestCompatibilityAsync(name, schema, result.GetValue(version)!, cancellationToken));
            if (verdict.IsCompatible)
            {
                Console.Out.WriteLine($"compatible with {name}");
                return 0;
            }

            Console.Out.WriteLine($"incompatible with {name}");
            foreach (var message in verdict.Messages ?? [])
            {
                Console.Out.WriteLine($"  {message}");
            }

            return 1;
        }));
        return command;
    }

    private static Argument<string> SubjectArgument() => new("subject") { Description = "The subject, such as <topic>-value." };

    private static Argument<FileInfo> SchemaFileArgument() => new("schema") { Description = "An Avro schema file (.avsc)." };
}
