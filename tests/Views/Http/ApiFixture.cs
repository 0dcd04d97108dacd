using Kappa.Processor.Hosting;
using Kappa.Log.Abstractions;
using Kappa.Log.Embedded;
using Kappa.TestKit;
using Kappa.Views.Hosting;
using Kappa.Views.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kappa.Views.Tests.Http;

/// <summary>
/// The views server's HTTP API in-process (TestServer) over a real embedded log and view store, with the example view
/// <c>events_per_key_hourly</c> (topic <c>events</c>).
/// </summary>
internal sealed class ApiFixture : IAsyncDisposable
{
    public const string AdminToken = "s3cret";

    private readonly TempDirectory _dir;

    private ApiFixture(WebApplication app, TempDirectory dir)
    {
        App = app;
        _dir = dir;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public ViewStore Store => App.Services.GetRequiredService<ViewStore>();

    /// <summary>Starts the API; with <paramref name="processor"/>, the processor's tasks too, so produced records reach the views.</summary>
    public static async Task<ApiFixture> StartAsync(IReadOnlyDictionary<string, string?>? configuration = null, bool processor = false, string? adminToken = AdminToken)
    {
        var dir = new TempDirectory("api");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["Lag:SampleInterval"] = "00:00:00.100";
        builder.Configuration.AddInMemoryCollection(configuration ?? new Dictionary<string, string?>());
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new ViewRegistry([ExampleViews.EventsPerKeyHourly()]));
        builder.Services.AddSingleton<ILog>(_ => EmbeddedLog.Open(new EmbeddedLogOptions { DataDirectory = dir.Combine("log") }));
        builder.Services.AddKappaLifecycle(o => o.LocalCopyPath = dir.Combine("lifecycle.json"));
        if (processor)
        {
            builder.Services.AddKappaProcessor(o => o.StateDirectory = dir.Combine("state"));
        }

        builder.Services.AddKappaViews(o =>
        {
            o.StoreDirectory = dir.Combine("views");
            o.AdminToken = adminToken;
        });
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseKappaIoThreadHandoff();
        app.UseKappaAdminToken();
        app.MapKappaApi();
        await app.StartAsync();
        return new ApiFixture(app, dir);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _dir.Dispose();
    }
}
