using System.Diagnostics;
using System.Text.Json;
using Kappa.Contracts.Avro;
using Kappa.Contracts.Schemas;
using Kappa.TestKit;
using Xunit;

namespace Kappa.Cli.Tests.EndToEnd;

/// <summary>
/// The embedded registry of a real <c>kappa run</c>, driven by Confluent's own Python client
/// (Debian's python3-confluent-kafka, run with /usr/bin/python3), then killed and restarted to check every id
/// survives.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SchemaRegistryConformanceTests : IDisposable
{
    private const string Python = "/usr/bin/python3";

    private readonly TempDirectory _dir = new("registry-conformance");

    [Fact]
    public async Task Confluents_python_client_registers_fetches_tests_and_sees_rejections_with_confluents_codes()
    {
        await using var server = await KappaServerProcess.StartAsync(_dir.Combine("data"));
        var registryUrl = new Uri(server.Url, "schemas");

        var (exit, stdout, stderr) = await RunPythonAsync(Path.Combine(RepoPaths.Root, "tests", "Cli", "EndToEnd", "Fixtures", "confluent_registry.py"), registryUrl.ToString());

        Assert.True(exit == 0, $"confluent_registry.py failed ({exit}):\n{stderr}\nserver:\n{server.Output}");
        var seen = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(409, seen.GetProperty("incompatible").GetProperty("code").GetInt32());
        Assert.Equal(40403, seen.GetProperty("schema_not_found").GetProperty("code").GetInt32());

        await server.KillAsync();
        await using var restarted = await KappaServerProcess.StartAsync(_dir.Combine("data"));
        using var client = new SchemaRegistryClient(new Uri(restarted.Url, "schemas"));
        var v2 = await client.GetSchemaAsync(seen.GetProperty("id2").GetInt32());
        Assert.NotNull(((AvroRecordSchema)v2).GetField("amount"));
        Assert.Equal(seen.GetProperty("id1").GetInt32(), (await client.GetVersionAsync("orders-copy-value", 1)).Id);
        Assert.Equal(CompatibilityLevel.Full, await client.GetCompatibilityAsync("orders-value"));
    }

    public void Dispose() => _dir.Dispose();

    private static async Task<(int Exit, string Stdout, string Stderr)> RunPythonAsync(params string[] args)
    {
        if (!File.Exists(Python))
        {
            throw new Xunit.Sdk.XunitException($"{Python} is missing: install Debian's python3-confluent-kafka and python3-requests (scripts/bootstrap.sh does)");
        }

        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
