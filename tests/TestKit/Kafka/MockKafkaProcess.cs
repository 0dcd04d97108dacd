using System.Diagnostics;
using System.Text;

namespace Kappa.TestKit.Kafka;

/// <summary>
/// librdkafka's mock cluster in a child process (<c>kappa-mock-kafka</c>, built from tests/MockKafka), so that a
/// test can kill Kappa workers, or the broker itself, independently. Topics are created through its stdin.
/// </summary>
public sealed class MockKafkaProcess : IKafkaBroker
{
    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    private readonly SemaphoreSlim _commands = new(1, 1);

    private MockKafkaProcess(Process process, string bootstrapServers)
    {
        _process = process;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>The cluster's bootstrap.servers.</summary>
    public string BootstrapServers { get; }

    /// <summary>Starts a cluster and waits until it listens.</summary>
    public static async Task<MockKafkaProcess> StartAsync(int brokers = 1)
    {
        var dll = Path.Combine(RepoPaths.Root, "tests", "MockKafka", "bin", RepoPaths.Configuration, "net10.0", "kappa-mock-kafka.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"kappa-mock-kafka is not built at {dll}; build Kappa.sln first");
        }

        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--brokers");
        info.ArgumentList.Add(brokers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var first = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (first is null || !first.StartsWith("bootstrap ", StringComparison.Ordinal))
        {
            var errors = await process.StandardError.ReadToEndAsync(timeout.Token);
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new InvalidOperationException($"kappa-mock-kafka did not start: {first}\n{errors}");
        }

        var mock = new MockKafkaProcess(process, first["bootstrap ".Length..]);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (mock._errors)
            {
                mock._errors.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        return mock;
    }

    /// <summary>Creates a topic; the mock keeps no topic configs, so <paramref name="compacted"/> changes nothing.</summary>
    public Task CreateTopicAsync(string name, int partitions, bool compacted = false) =>
        CommandAsync($"create {name} {partitions.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> ClientSettings { get; } = new Dictionary<string, string>
    {
        ["Kafka__DescribeTopicConfigs"] = "false",
        ["Kafka__UseGroupAdminApi"] = "false",
    };


    /// <summary>Kills the broker process with SIGKILL.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // Closing stdin is the helper's signal to stop; kill it if it does not.
            _process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                await KillAsync();
            }
        }

        _process.Dispose();
        _commands.Dispose();
    }

    private async Task CommandAsync(string command)
    {
        await _commands.WaitAsync();
        try
        {
            await _process.StandardInput.WriteLineAsync(command);
            await _process.StandardInput.FlushAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var answer = await _process.StandardOutput.ReadLineAsync(timeout.Token);
            if (answer != "ok")
            {
                string errors;
                lock (_errors)
                {
                    errors = _errors.ToString();
                }

                throw new InvalidOperationException($"kappa-mock-kafka: '{command}' answered '{answer}'\n{errors}");
            }
        }
        finally
        {
            _commands.Release();
        }
    }
}
