using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Kappa.Cli.Client;
using Kappa.Contracts;
using Kappa.Contracts.Views;
using Spectre.Console;

namespace Kappa.Cli.Commands;

/// <summary><c>kappa query</c>: a key's windows, or a page of rows, from a view, as a table or JSON.</summary>
internal static class QueryCommand
{
    public static Command Create()
    {
        var view = new Argument<string>("view") { Description = "The view to query." };
        var key = new Option<string?>("--key") { Description = "One key's windows; without it, a page of rows." };
        var prefix = new Option<string?>("--prefix") { Description = "Only rows whose key starts with this." };
        var limit = new Option<int>("--limit") { Description = "Rows per page (1-1000).", DefaultValueFactory = _ => 100 };
        var version = new Option<int?>("--version") { Description = "Read this version instead of the active one." };
        var json = CommonOptions.Json();
        var url = CommonOptions.Url();
        var command = new Command("query", "Query a view.") { view, key, prefix, limit, version, json, url };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            using var client = new KappaClient(result.GetValue(url)!);
            var name = result.GetValue(view)!;
            if (result.GetValue(key) is { } k)
            {
                var answer = await client.GetKeyAsync(name, k, result.GetValue(version), cancellationToken);
                Print(answer, answer.View, answer.Version, answer.Rows, result.GetValue(json));
            }
            else
            {
                var page = await client.GetRowsAsync(name, result.GetValue(prefix), result.GetValue(limit), null, result.GetValue(version), cancellationToken);
                Print(page, page.View, page.Version, page.Rows, result.GetValue(json));
            }

            return 0;
        }));
        return command;
    }

    private static void Print<T>(T answer, string view, int version, IReadOnlyList<ViewRow> rows, bool asJson)
    {
        if (asJson)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(answer, KappaJson.Options));
            return;
        }

        var names = rows.SelectMany(r => r.Values.Keys).Distinct(StringComparer.Ordinal).ToList();
        var table = new Table().Title($"{Markup.Escape(view)} (version {version})");
        table.AddColumn("key").AddColumn("window_start").AddColumn("window_end");
        foreach (var name in names)
        {
            table.AddColumn(new TableColumn(Markup.Escape(name)).RightAligned());
        }

        foreach (var row in rows)
        {
            var cells = new List<string>
            {
                Markup.Escape(row.Key),
                row.WindowStart.ToString("yyyy-MM-dd HH:mm:ssK", CultureInfo.InvariantCulture),
                row.WindowEnd.ToString("yyyy-MM-dd HH:mm:ssK", CultureInfo.InvariantCulture),
            };
            cells.AddRange(names.Select(n => row.Values.TryGetValue(n, out var v) ? Markup.Escape(v.ToString()) : string.Empty));
            table.AddRow([.. cells]);
        }

        AnsiConsole.Write(table);
    }
}
