using Kappa.Contracts.Lifecycle;

namespace Kappa.Processor.Lifecycle;

/// <summary>
/// The current <see cref="LifecycleState"/> of this process, which <see cref="LifecycleService"/> keeps folding from
/// the control topic. Reading <see cref="Current"/> is one volatile read, so a query picks its version without a
/// lock, and every reader after a swap sees the new active version.
/// </summary>
public sealed class ViewLifecycle
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile LifecycleState _current = LifecycleState.Empty;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The state as of the last event applied.</summary>
    public LifecycleState Current => _current;

    /// <summary>Completes once the control topic was read to its end at start-up and the views were bootstrapped.</summary>
    public Task CaughtUp => _caughtUp.Task;

    /// <summary>Completes at the next change after the call (or when cancelled).</summary>
    public Task Changed
    {
        get
        {
            lock (_lock)
            {
                return _changed.Task;
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the current state, and returns that state.</summary>
    /// <exception cref="TimeoutException">It did not hold within <paramref name="timeout"/>.</exception>
    public async Task<LifecycleState> WaitUntilAsync(Func<LifecycleState, bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var changed = Changed;
            var state = _current;
            if (condition(state))
            {
                return state;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"the view lifecycle did not reach the expected state within {timeout}");
            }
        }
    }

    /// <summary>
    /// Folds events read from the control topic and moves the position to <paramref name="nextOffset"/> (past any
    /// skipped record), then wakes every waiter once.
    /// </summary>
    internal void Apply(IEnumerable<(ControlEvent Event, long Offset)> events, long nextOffset, Action<ControlEvent, string>? onIgnored = null)
    {
        TaskCompletionSource wake;
        lock (_lock)
        {
            var state = _current;
            foreach (var (e, offset) in events)
            {
                state = state.Apply(e, offset, out var ignored);
                if (ignored is not null)
                {
                    onIgnored?.Invoke(e, ignored);
                }
            }

            state = state.AdvancedTo(nextOffset);

            if (ReferenceEquals(state, _current))
            {
                return;
            }

            _current = state;
            wake = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        wake.SetResult();
    }

    internal void MarkCaughtUp() => _caughtUp.TrySetResult();

    internal void Fail(Exception e) => _caughtUp.TrySetException(e);
}
