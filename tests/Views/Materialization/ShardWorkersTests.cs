using Kappa.Views.Materialization;
using Xunit;

namespace Kappa.Views.Tests.Materialization;

public sealed class ShardWorkersTests
{
    [Fact]
    public async Task A_run_given_just_before_stopping_completes_done_or_failed_never_left_pending()
    {
        var undone = 0;
        for (var i = 0; i < 200; i++)
        {
            var workers = new ShardWorkers(2, "test");
            var run = workers.RunAsync(_ => { });
            workers.Dispose();

            Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(10))));
            if (run.IsFaulted)
            {
                Assert.IsType<ObjectDisposedException>(run.Exception!.InnerException);
                undone++;
            }
        }

        // Most runs are stopped before their threads wake: the case that used to hang.
        Assert.True(undone > 0, "no run was left undone by stopping, so the test did not test that");
    }

    [Fact]
    public async Task Every_shard_runs_once_per_run_on_a_thread_of_its_own_outside_the_thread_pool()
    {
        using var workers = new ShardWorkers(3, "test");
        var threads = new int[3];
        var runs = new int[3];
        var pooled = 0;
        for (var run = 0; run < 5; run++)
        {
            await workers.RunAsync(shard =>
            {
                runs[shard]++;
                threads[shard] = Environment.CurrentManagedThreadId;
                if (Thread.CurrentThread.IsThreadPoolThread)
                {
                    Interlocked.Increment(ref pooled);
                }
            });
        }

        Assert.Equal([5, 5, 5], runs);
        Assert.Equal(3, threads.Distinct().Count());
        Assert.Equal(0, pooled);
    }

    [Fact]
    public async Task A_failing_shard_fails_the_run_after_the_others_finished_and_the_workers_run_again()
    {
        using var workers = new ShardWorkers(2, "test");
        var finished = 0;

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => workers.RunAsync(shard =>
        {
            if (shard == 0)
            {
                throw new InvalidOperationException("shard 0 failed");
            }

            Interlocked.Increment(ref finished);
        }));

        Assert.Equal("shard 0 failed", failure.Message);
        Assert.Equal(1, finished);
        await workers.RunAsync(_ => Interlocked.Increment(ref finished));
        Assert.Equal(3, finished);
    }
}
