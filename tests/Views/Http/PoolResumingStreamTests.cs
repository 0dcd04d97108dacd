using Kappa.Views.Http;
using Xunit;

namespace Kappa.Views.Tests.Http;

/// <summary>
/// A body operation that waits is completed by the thread that moved the bytes (under Kestrel's inline scheduling, a
/// socket I/O thread, played here by a thread of the test's own); the wrapper brings its caller back to the pool.
/// </summary>
public sealed class PoolResumingStreamTests
{
    [Fact]
    public async Task A_read_completed_on_an_io_thread_resumes_its_caller_on_the_pool()
    {
        using var inner = new PendingStream();
        using var stream = new PoolResumingStream(inner);
        var buffer = new byte[8];

        var (wrapped, io) = await ObserveAsync(inner, () => stream.ReadAsync(buffer).AsTask(), () => inner.CompleteRead(5));
        var (bare, bareIo) = await ObserveAsync(inner, () => inner.ReadAsync(buffer).AsTask(), () => inner.CompleteRead(5));

        Assert.Equal(5, wrapped.Result);
        Assert.True(wrapped.Pool);
        Assert.NotEqual(io, wrapped.Thread);
        // Without the wrapper the caller goes on running on the thread that completed the read.
        Assert.False(bare.Pool);
        Assert.Equal(bareIo, bare.Thread);
    }

    [Fact]
    public async Task A_read_that_fails_on_an_io_thread_resumes_its_caller_on_the_pool_with_the_failure()
    {
        using var inner = new PendingStream();
        using var stream = new PoolResumingStream(inner);
        var failure = new IOException("the connection was reset");

        var (seen, io) = await ObserveAsync(inner, async () =>
        {
            try
            {
                return await stream.ReadAsync(new byte[8]).ConfigureAwait(false);
            }
            catch (IOException e) when (ReferenceEquals(e, failure))
            {
                // The handler's catch block: where it runs is what matters.
                return -1;
            }
        }, () => inner.FailRead(failure));

        Assert.Equal(-1, seen.Result);
        Assert.True(seen.Pool);
        Assert.NotEqual(io, seen.Thread);
    }

    [Fact]
    public async Task Writes_and_flushes_completed_on_an_io_thread_resume_their_callers_on_the_pool()
    {
        using var inner = new PendingStream();
        using var stream = new PoolResumingStream(inner);

        var (write, writeIo) = await ObserveAsync(inner, async () =>
        {
            await stream.WriteAsync("abc"u8.ToArray()).ConfigureAwait(false);
            return 0;
        }, inner.CompleteWrite);
        var (flush, flushIo) = await ObserveAsync(inner, async () =>
        {
            await stream.FlushAsync().ConfigureAwait(false);
            return 0;
        }, inner.CompleteWrite);

        Assert.True(write.Pool);
        Assert.NotEqual(writeIo, write.Thread);
        Assert.True(flush.Pool);
        Assert.NotEqual(flushIo, flush.Thread);
        Assert.Equal("abc"u8.ToArray(), inner.Written.ToArray());
    }

    [Fact]
    public async Task An_operation_that_does_not_wait_completes_at_once_and_passes_the_bytes_through()
    {
        using var inner = new MemoryStream();
        inner.Write("hello"u8);
        inner.Position = 0;
        using var stream = new PoolResumingStream(inner);
        var buffer = new byte[16];

        var read = stream.ReadAsync(buffer);
        var write = stream.WriteAsync(" world"u8.ToArray());

        Assert.True(read.IsCompletedSuccessfully);
        Assert.Equal(5, await read);
        Assert.True(write.IsCompletedSuccessfully);
        Assert.Equal("hello world"u8.ToArray(), inner.ToArray());
    }

    /// <summary>
    /// Starts <paramref name="operation"/>, which must wait on <paramref name="inner"/>, then completes it from a new
    /// thread with <paramref name="complete"/>; returns what the operation's caller saw on resuming: the result, its
    /// thread and whether that is a pool thread; and the completing thread.
    /// </summary>
    private static async Task<((int Result, int Thread, bool Pool) Seen, int Io)> ObserveAsync(
        PendingStream inner, Func<Task<int>> operation, Action complete)
    {
        async Task<(int, int, bool)> CallerAsync()
        {
            var result = await operation().ConfigureAwait(false);
            return (result, Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread);
        }

        var seen = CallerAsync();
        Assert.True(inner.Pending, "the operation must wait for the test to complete it");
        var io = new Thread(() => complete()) { IsBackground = true };
        io.Start();
        io.Join();
        return (await seen, io.ManagedThreadId);
    }

    /// <summary>A stream whose every read, write and flush waits until the test completes it.</summary>
    private sealed class PendingStream : Stream
    {
        private TaskCompletionSource<int>? _read;
        private TaskCompletionSource? _write;

        public MemoryStream Written { get; } = new();

        public bool Pending => _read is not null || _write is not null;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        // Continuations run synchronously on the completing thread, as Kestrel's inline pipe scheduler runs them.
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _read = new TaskCompletionSource<int>();
            return new ValueTask<int>(_read.Task);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written.Write(buffer.Span);
            _write = new TaskCompletionSource();
            return new ValueTask(_write.Task);
        }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            _write = new TaskCompletionSource();
            return _write.Task;
        }

        public void CompleteRead(int count)
        {
            var read = _read!;
            _read = null;
            read.SetResult(count);
        }

        public void FailRead(Exception failure)
        {
            var read = _read!;
            _read = null;
            read.SetException(failure);
        }

        public void CompleteWrite()
        {
            var write = _write!;
            _write = null;
            write.SetResult();
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush() => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Written.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
