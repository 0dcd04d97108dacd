namespace Kappa.Cli.Commands;

/// <summary>
/// Runs a command body and turns the failures a user can act on into one line on stderr and an exit
/// code; the invariant is that no user error ever prints a stack trace.
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync($"kappa: {e.Message}");
            return e.ExitCode;
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError)
        {
            await Console.Error.WriteLineAsync($"kappa: cannot reach the Kappa server ({e.Message}); is 'kappa run' running, and is --url right?");
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
    }
}
