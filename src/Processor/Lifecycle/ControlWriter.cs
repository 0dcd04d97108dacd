using Kappa.Contracts.Lifecycle;
using Kappa.Log.Abstractions;

namespace Kappa.Processor.Lifecycle;

/// <summary>
/// Appends lifecycle events and waits until this process has folded them, so a caller reads its own write:
/// when <see cref="AppendAsync"/> returns, <see cref="ViewLifecycle.Current"/> already reflects the event.
/// Commands are serialized within the process (<see cref="RunExclusiveAsync{T}"/>) so a check-then-append cannot
/// interleave with another; across processes the fold's first-writer-wins rule settles races.
/// </summary>
public sealed class ControlWriter(ILog log, ViewLifecycle lifecycle, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan FoldTimeout = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _exclusive = new(1, 1);
    private readonly Lazy<ILogProducer> _producer = new(log.CreateProducer);

    /// <summary>The wall-clock time events are stamped with.</summary>
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Runs <paramref name="command"/> while no other command of this process runs.</summary>
    public async Task<T> RunExclusiveAsync<T>(Func<Task<T>> command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await _exclusive.WaitAsync(cancellationToken);
        try
        {
            return await command();
        }
        finally
        {
            _exclusive.Release();
        }
    }

    /// <summary>Appends an event and returns the state that includes it.</summary>
    public async Task<LifecycleState> AppendAsync(ControlEvent e, CancellationToken cancellationToken)
    {
        var result = await _producer.Value.AppendAsync(ControlTopic.Name, new[] { ControlTopic.ToRecord(e) }, cancellationToken);
        var offset = result.Offsets[0];
        return await lifecycle.WaitUntilAsync(state => state.NextOffset > offset, FoldTimeout, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_producer.IsValueCreated)
        {
            _producer.Value.Dispose();
        }

        _exclusive.Dispose();
    }
}
