using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Kappa.Cli.Client;
using Kappa.Contracts;
using Kappa.Contracts.Lifecycle;
using Spectre.Console;

namespace Kappa.Cli.Commands;

/// <summary><c>kappa views list|activate|rollback|drop|diff</c>: view versions and their lifecycle.</summary>
internal static class ViewsCommand
{
    public static Command Create()
    {
        var command = new Command("views", "List view versions, activate, roll back, drop, and diff them.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Activate());
        command.Subcommands.Add(Rollback());
        command.Subcommands.Add(Drop());
        command.Subcommands.Add(Diff());
        return command;
    }

    private static Command List()
    {
        var json = CommonOptions.Json();
        var url = CommonOptions.Url();
        var command = new Command("list", "List views with their versions, states and row counts.") { json, url };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            using var client = new KappaClient(result.GetValue(url)!);
            var views = await client.ListViewsAsync(cancellationToken);
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(views, KappaJson.Options));
                return 0;
            }

            var table = new Table().AddColumn("view").AddColumn(new TableColumn("version").RightAligned()).AddColumn("state")
                .AddColumn(new TableColumn("rows").RightAligned()).AddColumn("progress").AddColumn("gates");
            foreach (var view in views.Views)
            {
                foreach (var version in view.Versions)
                {
                    table.AddRow(
                        Markup.Escape(view.Name),
                        version.Version.ToString(CultureInfo.InvariantCulture),
                        version.State.ToString().ToLowerInvariant(),
                        version.Rows.ToString("N0", CultureInfo.InvariantCulture),
                        version.Progress is { } p ? string.Create(CultureInfo.InvariantCulture, $"{p.Done:N0}/{p.Total:N0}{(p.CaughtUp ? " caught up" : string.Empty)}") : string.Empty,
                        version.GatesPassed switch { true => "passed", false => "failed", null => string.Empty });
                }
            }

            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    private static Command Activate()
    {
        var view = new Argument<string>("view") { Description = "The view." };
        var version = new Argument<int>("version") { Description = "The version to make active." };
        var url = CommonOptions.Url();
        var adminToken = CommonOptions.AdminToken();
        var command = new Command("activate", "Make a ready or retired version the one queries read; the active one retires.") { view, version, url, adminToken };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            using var client = new KappaClient(result.GetValue(url)!, result.GetValue(adminToken));
            var detail = await client.ActivateAsync(result.GetValue(view)!, result.GetValue(version), cancellationToken);
            Console.Out.WriteLine($"{detail.View}: version {detail.Version} is active");
            return 0;
        }));
        return command;
    }

    private static Command Rollback()
    {
        var view = new Argument<string>("view") { Description = "The view." };
        var url = CommonOptions.Url();
        var adminToken = CommonOptions.AdminToken();
        var command = new Command("rollback", "Activate the previously active version again, instantly.") { view, url, adminToken };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            using var client = new KappaClient(result.GetValue(url)!, result.GetValue(adminToken));
            var detail = await client.RollbackAsync(result.GetValue(view)!, cancellationToken);
            Console.Out.WriteLine($"{detail.View}: rolled back to version {detail.Version}");
            return 0;
        }));
        return command;
    }

    private static Command Drop()
    {
        var view = new Argument<string>("view") { Description = "The view." };
        var version = new Argument<int>("version") { Description = "The version to delete; not the active one." };
        var url = CommonOptions.Url();
        var adminToken = CommonOptions.AdminToken();
        var command = new Command("drop", "Delete a version's rows, state and changelog.") { view, version, url, adminToken };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            using var client = new KappaClient(result.GetValue(url)!, result.GetValue(adminToken));
            var detail = await client.DropAsync(result.GetValue(view)!, result.GetValue(version), cancellationToken);
            Console.Out.WriteLine($"{detail.View}: version {detail.Version} is dropped");
            return 0;
        }));
        return command;
    }

    private static Command Diff()
    {
        var view = new Argument<string>("view") { Description = "The view." };
        var a = new Argument<int>("a") { Description = "The first version." };
        var b = new Argument<int>("b") { Description = "The second version." };
        var limit = new Option<int>("--limit") { Description = "Keys listed per category (0-1000).", DefaultValueFactory = _ => 20 };
        var json = CommonOptions.Json();
        var url = CommonOptions.Url();
        var command = new Command("diff", "Compare two versions key by key: keys added, removed and changed, with counts.") { view, a, b, limit, json, url };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            using var client = new KappaClient(result.GetValue(url)!);
            var diff = await client.DiffAsync(result.GetValue(view)!, result.GetValue(a), result.GetValue(b), result.GetValue(limit), cancellationToken);
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(diff, KappaJson.Options));
                return 0;
            }

            Print(diff);
            return 0;
        }));
        return command;
    }

    private static void Print(ViewDiff diff)
    {
        var o = Console.Out;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{diff.View}: version {diff.A} ({diff.RowsA:N0} rows) vs version {diff.B} ({diff.RowsB:N0} rows)"));
        o.WriteLine(diff.Identical ? "identical content" : "content differs");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"keys added:     {diff.KeysAdded:N0}{Sample(diff.Added, diff.KeysAdded)}"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"keys removed:   {diff.KeysRemoved:N0}{Sample(diff.Removed, diff.KeysRemoved)}"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"keys changed:   {diff.KeysChanged:N0}{Sample(diff.Changed, diff.KeysChanged)}"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"keys unchanged: {diff.KeysUnchanged:N0}"));
    }

    private static string Sample(IReadOnlyList<string> keys, long count) =>
        keys.Count == 0 ? string.Empty : $"  ({string.Join(", ", keys)}{(count > keys.Count ? ", ..." : string.Empty)})";
}
