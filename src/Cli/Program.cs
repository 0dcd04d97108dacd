using Kappa.Cli.Commands;

namespace Kappa.Cli;

/// <summary>The <c>kappa</c> executable: one binary for the server and every client command.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => KappaCommandLine.Build().Parse(args).InvokeAsync();
}
