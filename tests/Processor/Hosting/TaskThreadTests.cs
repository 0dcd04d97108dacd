using Kappa.Processor.Hosting;
using Xunit;

namespace Kappa.Processor.Tests.Hosting;

/// <summary>A task's loop runs on a thread of its own, its awaits come back to it, and its end is the returned task's.</summary>
public sealed class TaskThreadTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_work_and_every_continuation_run_on_the_named_thread()
    {
        var threads = new List<(string? Name, bool Pool)>();
        await TaskThread.Run("task t.v1[0]", async () =>
        {
            threads.Add(Here());
            await Task.Yield();
            threads.Add(Here());
            await Task.Delay(10);
            threads.Add(Here());
            await Task.Run(() => Thread.Sleep(10));
            threads.Add(Here());
        }).WaitAsync(Patience);

        Assert.Equal(4, threads.Count);
        Assert.All(threads, t => Assert.Equal(("task t.v1[0]", false), t));
    }

    [Fact]
    public async Task An_exception_after_an_await_fails_the_returned_task_with_it()
    {
        var run = TaskThread.Run("failing", async () =>
        {
            await Task.Delay(1);
            throw new InvalidDataException("bad state");
        });

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => run.WaitAsync(Patience));
        Assert.Equal("bad state", thrown.Message);
    }

    [Fact]
    public async Task A_cancelled_work_cancels_the_returned_task()
    {
        using var stop = new CancellationTokenSource();
        var run = TaskThread.Run("cancelled", () => Task.Delay(Timeout.Infinite, stop.Token));
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));
        Assert.True(run.IsCanceled);
    }

    [Fact]
    public async Task A_blocking_wait_on_work_handed_to_the_pool_does_not_wait_for_the_thread()
    {
        // As the Avro extractor looks a schema up: its awaits must not need the thread that blocks on them.
        var value = 0;
        await TaskThread.Run("blocking", () =>
        {
            value = Task.Run(async () =>
            {
                await Task.Delay(10);
                return 42;
            }).GetAwaiter().GetResult();
            return Task.CompletedTask;
        }).WaitAsync(Patience);

        Assert.Equal(42, value);
    }

    [Fact]
    public async Task What_is_posted_once_the_work_is_done_runs_on_the_pool()
    {
        SynchronizationContext? context = null;
        await TaskThread.Run("posted-after", () =>
        {
            context = SynchronizationContext.Current;
            return Task.CompletedTask;
        }).WaitAsync(Patience);

        var ran = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        context!.Post(_ => ran.SetResult(Thread.CurrentThread.IsThreadPoolThread), null);

        Assert.True(await ran.Task.WaitAsync(Patience));
    }

    private static (string? Name, bool Pool) Here() => (Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread);
}
