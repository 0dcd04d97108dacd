using System.Diagnostics;

namespace Kappa.TestKit;

/// <summary>Runs the real <c>kappa</c> executable as a child process, as a user would.</summary>
public static class KappaCli
{
    /// <summary>Runs a command to completion, feeding <paramref name="stdin"/> when given.</summary>
    public static async Task<CliResult> RunAsync(
        IEnumerable<string> args,
        string? stdin = null,
        TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(args, redirectStdin: stdin is not null, environment: environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kappa {string.Join(' ', args)} did not finish in time; stderr: {await stderr}");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// Starts <c>dotnet kappa.dll args</c> with redirected output; the caller owns the process. The child gets the
    /// runtime settings of <c>scripts/runtime.env</c> as <c>./kappa</c> gives them (each unless the environment sets it),
    /// so tests run the executable as users do. Entries of <paramref name="environment"/> are set for the child only
    /// (configuration such as <c>Lag__StallAfter</c>), over those.
    /// </summary>
    public static Process Start(IEnumerable<string> args, bool redirectStdin = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(RepoPaths.KappaDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Tests must not inherit a developer's token or log noise.
        info.Environment.Remove("KAPPA_ADMIN_TOKEN");
        info.Environment["DOTNET_NOLOGO"] = "1";
        RuntimeEnv.ApplyTo(info.Environment, RepoPaths.Root);

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
    }
}
