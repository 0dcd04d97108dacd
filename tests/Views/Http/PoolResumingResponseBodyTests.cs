using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Kappa.Views.Http;
using Microsoft.AspNetCore.Http.Features;
using Xunit;

namespace Kappa.Views.Tests.Http;

/// <summary>
/// The response body handed-off requests write to: its writer's waits end on the pool, and what is written without a
/// flush stays in the server's own pipe, for the server to send when the request ends.
/// </summary>
public sealed class PoolResumingResponseBodyTests
{
    [Fact]
    public async Task A_flush_that_waits_for_the_reader_resumes_its_caller_on_the_pool()
    {
        // Like Kestrel's output pipe under inline scheduling: the writer's continuation runs on the thread that reads.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 4, resumeWriterThreshold: 4, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false));
        var body = new PoolResumingPipeWriter(pipe.Writer);

        async Task<(int Thread, bool Pool)> CallerAsync()
        {
            await body.WriteAsync("0123456789"u8.ToArray()).ConfigureAwait(false);
            return (Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread);
        }

        var seen = CallerAsync();
        Assert.False(seen.IsCompleted, "the write must wait for the reader");
        var consumed = 0L;
        var io = new Thread(() =>
        {
            if (pipe.Reader.TryRead(out var read))
            {
                consumed = read.Buffer.Length;
                pipe.Reader.AdvanceTo(read.Buffer.End);
            }
        });
        io.Start();
        io.Join();
        var (thread, pool) = await seen;

        Assert.Equal(10, consumed);
        Assert.True(pool);
        Assert.NotEqual(io.ManagedThreadId, thread);
    }

    [Fact]
    public async Task Bytes_written_without_a_flush_stay_in_the_servers_pipe()
    {
        var pipe = new Pipe();
        var server = new PipeBody(pipe.Writer);
        var body = new PoolResumingResponseBody(server);

        body.Writer.Write("unflushed"u8);
        Assert.Equal(9, body.Writer.UnflushedBytes);

        // The server flushes its own writer when the request ends.
        await pipe.Writer.FlushAsync();
        await pipe.Writer.CompleteAsync();
        var read = await pipe.Reader.ReadAsync();
        Assert.Equal("unflushed", Encoding.UTF8.GetString(read.Buffer));
        Assert.IsType<PoolResumingStream>(body.Stream);
    }

    /// <summary>A server's response body feature over a pipe.</summary>
    private sealed class PipeBody(PipeWriter writer) : IHttpResponseBodyFeature
    {
        public Stream Stream { get; } = writer.AsStream();

        public PipeWriter Writer => writer;

        public void DisableBuffering()
        {
        }

        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task CompleteAsync() => writer.CompleteAsync().AsTask();
    }
}
