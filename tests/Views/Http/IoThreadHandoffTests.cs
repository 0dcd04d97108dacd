using Kappa.Views.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Kappa.Views.Tests.Http;

/// <summary>
/// Under inline scheduling a request starts on a socket I/O thread (or, Kestrel's choice, on the pool); only endpoints
/// marked to run there stay on it, every other request moves to the thread pool before anything of it runs, with
/// bodies that bring it back there after they wait.
/// </summary>
public sealed class IoThreadHandoffTests
{
    private static readonly Endpoint Marked = new(_ => Task.CompletedTask, new EndpointMetadataCollection(RunsOnIoThreadMetadata.Instance), "marked");
    private static readonly Endpoint Unmarked = new(_ => Task.CompletedTask, EndpointMetadataCollection.Empty, "unmarked");

    [Fact]
    public async Task A_request_arriving_off_the_pool_moves_to_the_pool_unless_its_endpoint_runs_on_io_threads()
    {
        var unmarked = await RunAsync(onPool: false, inline: true, Unmarked);
        var unrouted = await RunAsync(onPool: false, inline: true, endpoint: null);
        var marked = await RunAsync(onPool: false, inline: true, Marked);

        Assert.True(unmarked.Pool);
        Assert.NotEqual(unmarked.Caller, unmarked.Handler);
        Assert.True(unrouted.Pool);
        Assert.False(marked.Pool);
        Assert.Equal(marked.Caller, marked.Handler);

        // What is handed over keeps returning to the pool after its bodies wait (PoolResumingStreamTests).
        Assert.True(unmarked.Wrapped);
        Assert.True(unrouted.Wrapped);
        Assert.False(marked.Wrapped);
    }

    [Fact]
    public async Task A_request_already_on_the_pool_stays_on_its_thread_with_its_bodies_wrapped_under_inline_scheduling()
    {
        // Kestrel starts a connection's first request on the pool; its bodies' waits still end on I/O threads.
        var unmarked = await RunAsync(onPool: true, inline: true, Unmarked);
        var marked = await RunAsync(onPool: true, inline: true, Marked);

        Assert.True(unmarked.Pool);
        Assert.Equal(unmarked.Caller, unmarked.Handler);
        Assert.True(unmarked.Wrapped);
        Assert.False(marked.Wrapped);
    }

    [Fact]
    public async Task Without_inline_scheduling_requests_pass_through_untouched()
    {
        var unmarked = await RunAsync(onPool: true, inline: false, Unmarked);

        Assert.True(unmarked.Pool);
        Assert.Equal(unmarked.Caller, unmarked.Handler);
        Assert.False(unmarked.Wrapped);
    }

    [Fact]
    public async Task A_failure_of_an_endpoint_that_runs_on_io_threads_reaches_error_handling_on_the_pool()
    {
        var transport = Options.Create(new SocketTransportOptions { UnsafePreferInlineScheduling = true });
        var middleware = new IoThreadHandoff(_ => throw new BadHttpRequestException("bad from"), transport);
        var context = new DefaultHttpContext();
        context.SetEndpoint(Marked);

        // Stands for the exception handler, which runs before the handoff in the pipeline.
        async Task<(int Thread, bool Pool)> HandleErrorsAsync()
        {
            try
            {
                await middleware.InvokeAsync(context).ConfigureAwait(false);
            }
            catch (BadHttpRequestException)
            {
                return (Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread);
            }

            throw new InvalidOperationException("the endpoint's failure did not come through");
        }

        Task<(int Thread, bool Pool)>? handled = null;
        var io = new Thread(() => handled = HandleErrorsAsync());
        io.Start();
        io.Join();
        var (thread, pool) = await handled!;

        Assert.True(pool);
        Assert.NotEqual(io.ManagedThreadId, thread);
    }

    [Fact]
    public async Task Only_point_queries_run_on_io_threads()
    {
        await using var api = await ApiFixture.StartAsync();

        var marked = api.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<RunsOnIoThreadMetadata>() is not null)
            .Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName);

        Assert.Equal(["GetKey"], marked);
    }

    /// <summary>
    /// Invokes the middleware on a thread of its own (as a socket engine's) or on a pool thread, and returns that
    /// thread, the thread the rest of the pipeline ran on, whether that one is a pool thread, and whether the request's
    /// and response's bodies were wrapped to resume on the pool.
    /// </summary>
    private static async Task<(int Caller, int Handler, bool Pool, bool Wrapped)> RunAsync(bool onPool, bool inline, Endpoint? endpoint)
    {
        var handled = new TaskCompletionSource<(int Thread, bool Pool)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var transport = Options.Create(new SocketTransportOptions { UnsafePreferInlineScheduling = inline });
        var middleware = new IoThreadHandoff(
            _ =>
            {
                handled.SetResult((Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread));
                return Task.CompletedTask;
            },
            transport);
        var context = new DefaultHttpContext();
        context.SetEndpoint(endpoint);

        var caller = 0;
        Task? invoked = null;
        void Invoke()
        {
            caller = Environment.CurrentManagedThreadId;
            invoked = middleware.InvokeAsync(context);
        }

        if (onPool)
        {
            await Task.Run(Invoke);
        }
        else
        {
            var thread = new Thread(Invoke);
            thread.Start();
            thread.Join();
        }

        var (handler, pool) = await handled.Task;
        await invoked!;
        var wrapped = context.Request.Body is PoolResumingStream
            && context.Features.Get<IHttpResponseBodyFeature>() is PoolResumingResponseBody
            && context.Response.Body is PoolResumingStream
            && context.Response.BodyWriter is PoolResumingPipeWriter;
        return (caller, handler, pool, wrapped);
    }
}
