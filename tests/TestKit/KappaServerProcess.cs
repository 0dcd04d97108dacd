using System.Diagnostics;
using System.Text;

namespace Kappa.TestKit;

/// <summary>
/// A real <c>kappa run</c> child process on a free port and a given data directory. Tests can stop it
/// gracefully or kill it with SIGKILL, and start another on the same data to check recovery.
/// </summary>
public sealed class KappaServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private KappaServerProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The server's HTTP address.</summary>
    public Uri Url { get; }

    /// <summary>Everything the server printed so far, for assertion messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts a server on <paramref name="dataDirectory"/> and waits until its HTTP API answers.</summary>
    public static Task<KappaServerProcess> StartAsync(string dataDirectory, params string[] extraArgs) =>
        StartAsync(dataDirectory, null, extraArgs);

    /// <summary>As <see cref="StartAsync(string, string[])"/>, with extra environment variables (e.g. <c>Kafka__...</c>).</summary>
    public static async Task<KappaServerProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? environment, params string[] extraArgs)
    {
        var server = Launch(dataDirectory, environment, extraArgs);
        await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        return server;
    }

    /// <summary>
    /// Starts a server without waiting for it: its processor begins work while the HTTP API is still starting,
    /// so a crash test can kill it at any moment of its life.
    /// </summary>
    public static KappaServerProcess Launch(string dataDirectory, params string[] extraArgs) => Launch(dataDirectory, null, extraArgs);

    /// <summary>As <see cref="Launch(string, string[])"/>, with extra environment variables.</summary>
    public static KappaServerProcess Launch(string dataDirectory, IReadOnlyDictionary<string, string>? environment, params string[] extraArgs)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var process = KappaCli.Start(["run", "--data-dir", dataDirectory, "--http", url.ToString(), .. extraArgs], environment: environment);
        return new KappaServerProcess(process, url);
    }

    /// <summary>Kills the process with SIGKILL, as a crash would, and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>Asks the process to stop (SIGTERM) and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"kappa run exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync("views");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                // A processor-only server (--role processor) serves no views: it is up when it says it is live.
                if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    using var live = await http.GetAsync("health/live");
                    if (live.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"kappa run did not answer within {timeout}:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
