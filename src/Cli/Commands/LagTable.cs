using System.Globalization;
using Kappa.Log.Lag;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Kappa.Cli.Commands;

/// <summary>The table of <c>kappa lag</c>: one row per group and partition, a total per group, and a grand total.</summary>
internal static class LagTable
{
    public static IRenderable Build(LagReport report)
    {
        var table = new Table()
            .AddColumn("group")
            .AddColumn("topic")
            .AddColumn(new TableColumn("partition").RightAligned())
            .AddColumn(new TableColumn("log end").RightAligned())
            .AddColumn(new TableColumn("committed").RightAligned())
            .AddColumn(new TableColumn("lag records").RightAligned())
            .AddColumn(new TableColumn("lag seconds").RightAligned())
            .AddColumn("status");
        table.Caption = new TableTitle($"sampled {report.At.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}");
        foreach (var group in report.Groups)
        {
            foreach (var p in group.Partitions)
            {
                table.AddRow(
                    new Text(group.Group), new Text(p.Topic), Number(p.Partition), Number(p.LogEndOffset), Number(p.CommittedOffset),
                    Number(p.LagRecords), Seconds(p.LagSeconds), Status(p.Status));
            }

            table.AddRow(
                new Markup($"[bold]{Markup.Escape(group.Group)} total[/]"), Text.Empty, Text.Empty, Text.Empty, Text.Empty,
                Number(group.LagRecords), Seconds(group.LagSeconds), Status(group.Status));
        }

        table.AddRow(
            new Markup($"[bold]all {report.Groups.Count} groups[/]"), Text.Empty, Text.Empty, Text.Empty, Text.Empty,
            Number(report.LagRecords), Seconds(report.LagSeconds), Status(report.Status));
        return table;
    }

    private static Text Number(long value) => new(value.ToString("N0", CultureInfo.InvariantCulture));

    private static Text Seconds(double value) => new(value.ToString("0.###", CultureInfo.InvariantCulture));

    private static Markup Status(LagStatus status)
    {
        var color = status switch
        {
            LagStatus.Ok => "green",
            LagStatus.Warn or LagStatus.Rewound => "yellow",
            _ => "red",
        };
        return new Markup($"[{color}]{status.ToString().ToUpperInvariant()}[/]");
    }
}
