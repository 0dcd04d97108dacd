using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit;

namespace Kappa.Contracts.Tests.Avro;

/// <summary>
/// Runs the reference fixture (Fixtures/avro_reference.py) with a python3 that can import Apache's avro package:
/// python3 on PATH first, then /usr/bin/python3 (Debian's python3-avro installs there, and a PATH python3 from pyenv
/// or a venv does not see it). Fails, never skips, when neither can.
/// </summary>
internal static class PythonAvro
{
    private static readonly Lazy<string?> Interpreter = new(Find);

    internal static JsonNode RunWithInput(string stdin, params string[] args)
    {
        var python = Interpreter.Value
            ?? throw new Xunit.Sdk.XunitException(
                "python3 cannot import avro (tried python3 on PATH and /usr/bin/python3): install the Debian package python3-avro (apt-get install python3-avro)");
        var (exit, stdout, stderr) = Execute(python, [AvroFixtures.Path("avro_reference.py"), .. args], stdin);
        Assert.True(exit == 0, $"avro_reference.py {string.Join(' ', args)} failed ({exit}): {stderr}");
        return JsonNode.Parse(stdout)!;
    }

    internal static JsonNode Run(params string[] args) => RunWithInput(string.Empty, args);

    private static string? Find()
    {
        foreach (var candidate in new[] { "python3", "/usr/bin/python3" })
        {
            try
            {
                if (Execute(candidate, ["-c", "import avro.io, avro.datafile"], string.Empty).Exit == 0)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed under this name; try the next candidate.
            }
        }

        return null;
    }

    private static (int Exit, string Stdout, string Stderr) Execute(string file, string[] args, string stdin)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
