using Kappa.TestKit;
using Xunit;

namespace Kappa.Cli.Tests.Hosting;

/// <summary>
/// <c>kappa run</c> takes the processor's and the embedded log's tuning from configuration (environment variables such
/// as <c>Processor__CommitInterval</c>), and a bad value stops the start with the setting's name, not a stack trace.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ServerConfigurationTests : IDisposable
{
    private readonly TempDirectory _dir = new("server-configuration");

    [Theory]
    [InlineData("Processor__CommitMaxDirtyRows", "10", "CommitMaxDirtyRows")]
    [InlineData("EmbeddedLog__FetchBytes", "10", "FetchBytes must be at least 1024 (was 10)")]
    [InlineData("EmbeddedLog__MaxPollBytes", "2048", "MaxPollBytes must be at least FetchBytes")]
    public async Task A_bad_setting_stops_the_start_with_its_name(string variable, string value, string expected)
    {
        var run = await KappaCli.RunAsync(
            ["run", "--data-dir", _dir.Combine(variable), "--http", $"http://127.0.0.1:{FreePort.Next()}"],
            timeout: TimeSpan.FromSeconds(60),
            environment: new Dictionary<string, string> { [variable] = value });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("kappa: cannot start: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr.Split("kappa: cannot start")[^1], StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
