using System.Collections.Concurrent;

namespace Kappa.Processor.Hosting;

/// <summary>
/// Runs a partition task's loop on a thread of its own, off the thread pool, as Kafka Streams processes on stream
/// threads of its own rather than on a shared pool (there, several tasks share each stream thread; here each task has
/// one, so a server runs a thread per partition task, each with a reserved, mostly uncommitted stack). A task processes
/// for seconds between real waits (the embedded log's polls complete at once while it is behind), so on the thread
/// pool it held a pool thread that long, and requests, the materializer and timers waited for the pool to grow: point
/// queries during a replay had a p99 of up to 1.8 s. On its own thread, the OS shares the cores between the tasks
/// and everything else.
/// <para>
/// The loop's awaits resume on its thread: the thread runs a single-threaded synchronization context until the
/// loop's task completes. Invariant: code on the thread never blocks on a task that needs the thread to complete
/// (that would deadlock); a blocking wait hands its work to the pool first (see <c>AvroFieldExtractor</c>).
/// </para>
/// </summary>
internal static class TaskThread
{
    /// <summary>
    /// Starts <paramref name="work"/> on a new background thread named <paramref name="name"/>; the returned task
    /// ends as the work's does (with its exceptions, or cancelled), once the thread is done with it.
    /// </summary>
    public static Task Run(string name, Func<Task> work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => Loop(work, done)) { IsBackground = true, Name = name };
        thread.Start();
        return done.Task;
    }

    private static void Loop(Func<Task> work, TaskCompletionSource done)
    {
        var context = new LoopContext();
        SynchronizationContext.SetSynchronizationContext(context);
        Task task;
        try
        {
            task = work();
        }
        catch (Exception e)
        {
            done.SetException(e);
            return;
        }

        task.ContinueWith(static (_, state) => ((LoopContext)state!).Complete(), context, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        if (context.RunUntilComplete() is { } failure)
        {
            // An exception out of a posted callback (an async void method's): fail loudly, as the work would, and keep
            // the work's own exceptions beside it.
            done.SetException(task.Exception is { } own ? [failure, .. own.InnerExceptions] : [failure]);
        }
        else if (task.IsCanceled)
        {
            done.SetCanceled();
        }
        else if (task.Exception is { } exception)
        {
            done.SetException(exception.InnerExceptions);
        }
        else
        {
            done.SetResult();
        }
    }

    /// <summary>
    /// The loop's synchronization context: callbacks posted to it run on the loop's thread, in order. Its queue is never
    /// disposed: other threads may still post after the loop ended, disposal is not safe beside them, and the collector
    /// reclaims it.
    /// </summary>
    private sealed class LoopContext : SynchronizationContext
    {
        private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];

        public override void Post(SendOrPostCallback d, object? state)
        {
            try
            {
                _queue.Add((d, state));
            }
            catch (InvalidOperationException)
            {
                // The loop has ended: nothing of its work is left, so whatever still posts here runs on the pool rather
                // than nowhere.
                ThreadPool.QueueUserWorkItem(static s => s.Callback(s.State), (Callback: d, State: state), preferLocal: false);
            }
        }

        public override void Send(SendOrPostCallback d, object? state) =>
            throw new NotSupportedException("a task thread's context runs posted callbacks only");

        public override SynchronizationContext CreateCopy() => this;

        /// <summary>Ends <see cref="RunUntilComplete"/> once the callbacks posted so far have run.</summary>
        public void Complete() => _queue.CompleteAdding();

        /// <summary>Runs posted callbacks until <see cref="Complete"/>; returns the first exception one threw, if any.</summary>
        public Exception? RunUntilComplete()
        {
            Exception? failure = null;
            foreach (var (callback, state) in _queue.GetConsumingEnumerable())
            {
                try
                {
                    callback(state);
                }
                catch (Exception e)
                {
                    failure ??= e;
                }
            }

            return failure;
        }
    }
}
