using Kappa.Cli.Commands;
using Spectre.Console;

namespace Kappa.Cli;

/// <summary>The <c>kappa</c> executable: one binary for the server and every client command.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        if (Console.IsOutputRedirected)
        {
            // Piped output is for scripts and files: plain text, no colour codes, no live widgets.
            AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
            });

            // Files and pipes have no width; wrapping a table at 80 columns would only break lines apart.
            AnsiConsole.Console.Profile.Width = 240;
        }

        return KappaCommandLine.Build().Parse(args).InvokeAsync();
    }
}
