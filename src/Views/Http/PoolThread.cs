using System.Runtime.CompilerServices;

namespace Kappa.Views.Http;

/// <summary>
/// Awaited (<c>await PoolThread.Enter()</c>), continues on a thread-pool thread: at once when the caller is on one,
/// else queued there. How code leaves a socket I/O thread (see <see cref="IoThreadHandoff"/>). It is awaited in the
/// method that must leave, never through an async helper: a helper that yielded would have its own rest queued to the
/// pool, which may finish it before the caller checks it, and the caller would then go on on the I/O thread.
/// </summary>
internal readonly struct PoolThread : ICriticalNotifyCompletion
{
    private static readonly Action<Action> Run = continuation => continuation();

    public bool IsCompleted => Thread.CurrentThread.IsThreadPoolThread;

    public static PoolThread Enter() => default;

    public PoolThread GetAwaiter() => this;

    public void GetResult()
    {
    }

    public void OnCompleted(Action continuation) => ThreadPool.QueueUserWorkItem(Run, continuation, preferLocal: false);

    // The async method builders flow the execution context themselves, so the continuation need not carry it.
    public void UnsafeOnCompleted(Action continuation) => ThreadPool.UnsafeQueueUserWorkItem(Run, continuation, preferLocal: false);
}
