using Kappa.Log.Abstractions;
using Kappa.TestKit;
using static Kappa.Log.Tests.Embedded.LogTestExtensions;

namespace Kappa.Log.Tests.Lag;

/// <summary>The lag arithmetic on the embedded log, whose clock is the test's.</summary>
public sealed class EmbeddedLagArithmeticTests : LagArithmeticTests, IDisposable
{
    private readonly TempDirectory _dir = new("lag");

    public void Dispose() => _dir.Dispose();

    protected override Task<ILog> OpenAsync() => Task.FromResult<ILog>(OpenLog(_dir.Combine("log"), o => o.TimeProvider = Clock));

    protected override Task CreateTopicAsync(ILog log, string name, int partitions) => log.Admin.CreateTopicAsync(new TopicSpec(name, partitions));
}
