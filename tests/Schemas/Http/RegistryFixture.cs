using Kappa.Contracts.Schemas;
using Kappa.Log.Abstractions;
using Kappa.Log.Embedded;
using Kappa.Schemas.Hosting;
using Kappa.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kappa.Schemas.Tests.Http;

/// <summary>The embedded registry in-process (TestServer) over a real embedded log, restartable on the same data.</summary>
internal sealed class RegistryFixture : IAsyncDisposable
{
    private readonly TempDirectory _dir;
    private WebApplication _app;

    private RegistryFixture(TempDirectory dir, WebApplication app)
    {
        _dir = dir;
        _app = app;
        Http = NewHttp(app);
        Client = new SchemaRegistryClient(Http);
    }

    /// <summary>A raw HTTP client based at <c>/schemas/</c>, so paths are Confluent's.</summary>
    public HttpClient Http { get; private set; }

    /// <summary>The REST client, based at <c>/schemas</c>.</summary>
    public SchemaRegistryClient Client { get; private set; }

    public ILog Log => _app.Services.GetRequiredService<ILog>();

    public static async Task<RegistryFixture> StartAsync()
    {
        var dir = new TempDirectory("registry");
        return new RegistryFixture(dir, await StartAppAsync(dir));
    }

    /// <summary>Stops the server and starts another on the same log, as a restart of <c>kappa run</c>.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        _app = await StartAppAsync(_dir);
        Http = NewHttp(_app);
        Client = new SchemaRegistryClient(Http);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _dir.Dispose();
    }

    private async Task StopAsync()
    {
        Client.Dispose();
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static HttpClient NewHttp(WebApplication app)
    {
        var http = app.GetTestClient();
        http.BaseAddress = new Uri(http.BaseAddress!, "schemas/");
        return http;
    }

    private static async Task<WebApplication> StartAppAsync(TempDirectory dir)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ILog>(_ => EmbeddedLog.Open(new EmbeddedLogOptions { DataDirectory = dir.Combine("log") }));
        builder.Services.AddKappaSchemaRegistry();
        var app = builder.Build();
        app.MapKappaSchemaRegistry();
        await app.StartAsync();
        return app;
    }
}
