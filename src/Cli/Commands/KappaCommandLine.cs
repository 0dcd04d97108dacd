using System.CommandLine;

namespace Kappa.Cli.Commands;

/// <summary>Assembles the command tree.</summary>
internal static class KappaCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Kappa: deterministic windowed stream processing over an immutable log, with replay.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ProduceCommand.Create());
        root.Subcommands.Add(QueryCommand.Create());
        root.Subcommands.Add(TopicsCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(ViewsCommand.Create());
        root.Subcommands.Add(LagCommand.Create());
        root.Subcommands.Add(SchemasCommand.Create());
        return root;
    }
}
