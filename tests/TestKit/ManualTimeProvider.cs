namespace Kappa.TestKit;

/// <summary>
/// A wall clock the test moves by hand; timers and stopwatches stay real. (Microsoft.Extensions.TimeProvider.Testing's
/// FakeTimeProvider is not in the NuGet copy, and a clock that only moves when told is all the tests need.)
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private long _nowTicks;

    /// <summary>Starts the clock at <paramref name="start"/>.</summary>
    public ManualTimeProvider(DateTimeOffset start) => _nowTicks = start.UtcTicks;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _nowTicks), TimeSpan.Zero);

    /// <summary>Moves the clock forward.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _nowTicks, by.Ticks);
}
