namespace Kappa.Cli;

/// <summary>
/// A failure the user can fix (a bad argument, a server that is not running). The CLI prints its message
/// as one line and exits non-zero; other exceptions are bugs and keep their stack trace.
/// </summary>
internal sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
