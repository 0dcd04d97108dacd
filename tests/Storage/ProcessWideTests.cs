using Xunit;

namespace Kappa.Storage.Tests;

/// <summary>
/// Tests that measure process-wide state (open file descriptors) run in this collection, which xunit runs alone after
/// the parallel ones, so other tests' files do not show up in the counts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideTests
{
    public const string Name = "Process-wide measurements";
}
