using System.Net;
using System.Net.Sockets;
using Kappa.TestKit;
using Xunit;

namespace Kappa.Cli.Tests.EndToEnd;

/// <summary>Bad input gets one clear line and a non-zero exit, never a stack trace; good input still goes through.</summary>
[Trait("Category", "Integration")]
public sealed class BadInputTests : IDisposable
{
    private readonly TempDirectory _dir = new("bad-input");

    [Fact]
    public async Task Produce_reports_each_bad_line_and_keeps_the_good_ones()
    {
        await using var server = await KappaServerProcess.StartAsync(_dir.Combine("data"));
        var input = string.Join('\n',
            """{"user":"dave","ts":"2026-05-01T08:00:00Z"}""",
            """{"user":"dave","ts":""",
            """[1,2,3]""",
            """{"ts":"2026-05-01T08:00:00Z"}""",
            """{"user":"dave","ts":"yesterday"}""",
            """{"user":"dave","ts":"2026-05-01T08:30:00Z"}""") + "\n";

        var result = await KappaCli.RunAsync(["produce", "events", "--key", "user", "--time", "ts", "--url", server.Url.ToString()], stdin: input);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("produced 2 records to events; 4 lines failed", result.Stdout);
        Assert.Contains("line 2: not valid JSON", result.Stderr);
        Assert.Contains("line 3: expected a JSON object", result.Stderr);
        Assert.Contains("line 4: no key field 'user'", result.Stderr);
        Assert.Contains("line 5: time field 'ts'", result.Stderr);
        AssertNoStackTrace(result);
    }

    [Fact]
    public async Task Query_of_an_unknown_view_is_one_clear_line()
    {
        await using var server = await KappaServerProcess.StartAsync(_dir.Combine("data"));

        var result = await KappaCli.RunAsync(["query", "no_such_view", "--key", "x", "--url", server.Url.ToString()]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("kappa: view 'no_such_view' does not exist; GET /views lists the views", result.Stderr.Trim());
    }

    [Fact]
    public async Task Query_without_a_server_is_one_clear_line()
    {
        var result = await KappaCli.RunAsync(["query", "events_per_key_hourly", "--key", "x", "--url", $"http://127.0.0.1:{FreePort.Next()}"]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("kappa: cannot reach the Kappa server", result.Stderr.Trim());
        AssertNoStackTrace(result);
    }

    [Fact]
    public async Task Run_with_a_data_dir_that_is_a_file_is_one_clear_line()
    {
        var file = _dir.Combine("not-a-dir");
        await File.WriteAllTextAsync(file, "x");

        var result = await KappaCli.RunAsync(["run", "--data-dir", file, "--http", $"http://127.0.0.1:{FreePort.Next()}"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith($"kappa: --data-dir '{file}' is not a writable directory", result.Stderr.Trim());
        AssertNoStackTrace(result);
    }

    [Fact]
    public async Task Run_on_a_port_in_use_is_one_clear_line()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var result = await KappaCli.RunAsync(["run", "--data-dir", _dir.Combine("data"), "--http", $"http://127.0.0.1:{port}"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"kappa: cannot listen on http://127.0.0.1:{port}/", result.Stderr);
        AssertNoStackTrace(result);
    }

    public void Dispose() => _dir.Dispose();

    private static void AssertNoStackTrace(CliResult result)
    {
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stdout);
    }
}
