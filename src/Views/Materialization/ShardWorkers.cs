namespace Kappa.Views.Materialization;

/// <summary>
/// One dedicated thread per materializer shard, running each shard's share of a batch side by side. Dedicated threads,
/// not the thread pool: a shard blocks in RocksDB for the whole of its write, and the pool's few threads (one per core)
/// serve the queries, whose latency must not wait behind materialization.
/// </summary>
internal sealed class ShardWorkers : IDisposable
{
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _go;
    private Action<int>? _work;
    private int _pending;
    private Exception? _failure;
    private TaskCompletionSource? _done;
    private volatile bool _stopping;

    public ShardWorkers(int shards, string name)
    {
        _go = [.. Enumerable.Range(0, shards).Select(_ => new SemaphoreSlim(0))];
        _threads = [.. Enumerable.Range(0, shards).Select(shard => new Thread(() => Loop(shard)) { IsBackground = true, Name = $"{name}/{shard}" })];
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> once for every shard, each on its own thread; completes when all have returned,
    /// faulted with the first failure if any failed. One run at a time.
    /// </summary>
    public Task RunAsync(Action<int> work)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        _work = work;
        _failure = null;
        _pending = _threads.Length;
        var done = _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        foreach (var go in _go)
        {
            go.Release();
        }

        return done.Task;
    }

    private void Loop(int shard)
    {
        while (true)
        {
            _go[shard].Wait();
            if (_stopping)
            {
                return;
            }

            try
            {
                _work!(shard);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, e, null);
            }

            if (Interlocked.Decrement(ref _pending) == 0)
            {
                if (_failure is { } failure)
                {
                    _done!.SetException(failure);
                }
                else
                {
                    _done!.SetResult();
                }
            }
        }
    }

    /// <summary>
    /// Stops the threads once their current work is done, and returns when they have: nothing given to them runs after.
    /// A run they had not started fails with <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        foreach (var go in _go)
        {
            go.Release();
        }

        foreach (var thread in _threads)
        {
            thread.Join();
        }

        // A run given just before stopping may have found its threads stopping and been left undone: it fails, rather
        // than never completing.
        if (Volatile.Read(ref _pending) > 0)
        {
            _done?.TrySetException(new ObjectDisposedException(nameof(ShardWorkers), "the workers stopped before the run was done"));
        }

        foreach (var go in _go)
        {
            go.Dispose();
        }
    }
}
