namespace Kappa.Log.Embedded.Storage;

/// <summary>
/// Wakes waiters when something is appended. A waiter takes <see cref="WhenSignaled"/> before it checks for data,
/// so an append between its check and its wait still wakes it (no lost wake-ups, no polling loop).
/// Continuations run asynchronously so an appender never runs a consumer's code.
/// </summary>
internal sealed class AppendSignal
{
    private TaskCompletionSource _current = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task WhenSignaled => Volatile.Read(ref _current).Task;

    public void Pulse()
    {
        var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _current, next).TrySetResult();
    }
}
