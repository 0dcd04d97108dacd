using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Kappa.TestKit;
using Xunit;

namespace Kappa.Cli.Tests.Deployment;

/// <summary>
/// scripts/runtime.env holds the .NET runtime settings every kappa process starts with. Two launchers apply them:
/// <c>./kappa</c>, which exports each one the environment does not set before it starts the CLI, and the Dockerfile,
/// whose ENV lines must say the same. Settings the runtime also reads from <c>kappa.runtimeconfig.json</c> are set in
/// the CLI's project instead, and the build writes them there for every launcher.
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void The_gen0_budget_is_set_and_is_a_hex_size_the_runtime_reads()
    {
        var settings = Settings();

        // The runtime reads GCgen0size as hexadecimal, with or without 0x.
        Assert.True(settings.TryGetValue("DOTNET_GCgen0size", out var gen0));
        Assert.True(long.TryParse(gen0.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var bytes), gen0);
        Assert.StartsWith("0x", gen0, StringComparison.Ordinal);
        Assert.InRange(bytes, 16L << 20, 256L << 20);
    }

    [Fact]
    public void Socket_completions_run_inline()
    {
        // Read from the environment only; IoThreadHandoff hands every request but point queries back to the pool.
        Assert.Equal("1", Settings()["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"]);
    }

    [Fact]
    public void The_executable_runs_without_dynamic_pgo_and_with_idle_workers_that_block()
    {
        // Settings the build writes into kappa.runtimeconfig.json, so every launcher gets them (Kappa.Cli.csproj says why).
        var runtimeConfig = Path.ChangeExtension(RepoPaths.KappaDll, ".runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(runtimeConfig));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }

    [Fact]
    public void The_dockerfile_sets_every_runtime_setting_alike()
    {
        // The runtime image is the last stage: an ENV of the build stage never reaches it.
        var dockerfile = File.ReadAllLines(Path.Combine(RepoPaths.Root, "Dockerfile"));
        var runtimeStage = Array.FindLastIndex(dockerfile, line => line.StartsWith("FROM ", StringComparison.Ordinal));
        var environment = dockerfile
            .Skip(runtimeStage)
            .Where(line => line.StartsWith("ENV ", StringComparison.Ordinal))
            .Select(line => line["ENV ".Length..].Split('=', 2))
            .GroupBy(parts => parts[0], StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Last()[1], StringComparer.Ordinal);

        Assert.NotEmpty(Settings());
        foreach (var (name, value) in Settings())
        {
            Assert.True(environment.TryGetValue(name, out var set), $"the Dockerfile does not set {name}");
            Assert.Equal(value, set);
        }
    }

    [Fact]
    public void The_launcher_exports_each_setting_the_environment_does_not_set()
    {
        var (name, _) = Settings().First();

        Assert.Equal(Settings(), Launched(given: null));
        Assert.Equal("0x1000000", Launched(given: (name, "0x1000000"))[name]);
    }

    [Fact]
    public void Tests_and_the_benchmark_apply_the_settings_by_the_launchers_rule()
    {
        var (name, _) = Settings().First();
        var empty = new Dictionary<string, string?> { [name] = string.Empty };
        var given = new Dictionary<string, string?> { [name] = "0x1000000" };

        RuntimeEnv.ApplyTo(empty, RepoPaths.Root);
        RuntimeEnv.ApplyTo(given, RepoPaths.Root);

        Assert.Equal(Launched(given: null), empty.ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal));
        Assert.Equal(Launched(given: (name, "0x1000000")), given.ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal));
    }

    /// <summary>
    /// The settings ./kappa's own loop exports, run over the real file in a shell whose environment has none of them
    /// but <paramref name="given"/>.
    /// </summary>
    private static Dictionary<string, string> Launched((string Name, string Value)? given)
    {
        var launcher = File.ReadAllText(Path.Combine(RepoPaths.Root, "kappa"));
        var start = launcher.IndexOf("while IFS='=' read -r name value; do", StringComparison.Ordinal);
        const string Done = "done <\"$ROOT/scripts/runtime.env\"";
        var end = launcher.IndexOf(Done, Math.Max(start, 0), StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "./kappa no longer reads scripts/runtime.env with its loop");

        var shell = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true };
        foreach (var name in Settings().Keys)
        {
            shell.Environment.Remove(name);
        }

        if (given is var (givenName, givenValue))
        {
            shell.Environment[givenName] = givenValue;
        }

        using var process = Process.Start(shell)!;
        process.StandardInput.Write($"ROOT='{RepoPaths.Root}'\n{launcher[start..end]}{Done}\nenv\n");
        process.StandardInput.Close();
        var environment = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);

        return environment.Split('\n')
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2 && Settings().ContainsKey(parts[0]))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
    }

    private static IReadOnlyDictionary<string, string> Settings() => RuntimeEnv.Read(RepoPaths.Root);
}
