namespace Kappa.TestKit;

/// <summary>What a finished <c>kappa</c> command did.</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="Stdout">Everything written to stdout.</param>
/// <param name="Stderr">Everything written to stderr.</param>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr);
