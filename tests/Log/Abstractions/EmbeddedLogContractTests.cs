using Kappa.Log.Abstractions;
using Kappa.TestKit;
using static Kappa.Log.Tests.Embedded.LogTestExtensions;

namespace Kappa.Log.Tests.Abstractions;

/// <summary>The log contract on the embedded log.</summary>
public sealed class EmbeddedLogContractTests : LogContractTests
{
    private readonly TempDirectory _directory = new("log-contract");

    protected override Task<ILog> OpenAsync() => Task.FromResult<ILog>(OpenLog(_directory.Path));

    protected override Task CloseAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
