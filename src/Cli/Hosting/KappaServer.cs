using Kappa.Contracts.Avro.Confluent;
using Kappa.Contracts.Schemas;
using Kappa.Log.Abstractions;
using Kappa.Log.Embedded;
using Kappa.Processor.Hosting;
using Kappa.Processor.Pipeline;
using Kappa.Replay.Hosting;
using Kappa.Schemas.Hosting;
using Kappa.Views.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kappa.Cli.Hosting;

/// <summary>
/// The server of <c>kappa run</c>: by default all in one host (the log, the processor workers, the views
/// materializers and the HTTP API); with <c>--role</c> on Kafka, only the processor workers or only the views. Every part fails loudly: a hosted service that faults
/// stops the host and the process exits non-zero.
/// </summary>
internal static class KappaServer
{
    public static WebApplication Build(ServerSettings settings, IReadOnlyList<CompiledView> views)
    {
        var dataDirectory = Path.GetFullPath(settings.DataDirectory);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(settings.HttpUrl.ToString().TrimEnd('/'));
        builder.WebHost.UseKappaSocketTransport();
        builder.Logging.SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });

        builder.Services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost);
        builder.Services.AddSingleton(new ViewRegistry(views));
        if (settings.KafkaBootstrapServers is { } bootstrapServers)
        {
            builder.Services.AddKafkaLog(builder.Configuration, bootstrapServers, settings.DefaultPartitions);
        }
        else
        {
            // Tuning comes from the EmbeddedLog section (EmbeddedLog__FsyncOnAppend=true, ...); where the log lives and
            // its default partition count come from the command line.
            var embedded = builder.Configuration.GetSection("EmbeddedLog").Get<EmbeddedLogOptions>() ?? new EmbeddedLogOptions();
            embedded.DataDirectory = Path.Combine(dataDirectory, "log");
            embedded.DefaultPartitions = settings.DefaultPartitions;
            try
            {
                embedded.Validate();
            }
            catch (ArgumentException e)
            {
                throw new CliException($"cannot start: {e.Message} (configuration section EmbeddedLog)");
            }

            builder.Services.AddSingleton<ILog>(_ => EmbeddedLog.Open(embedded));
        }

        var processes = settings.Role is ServerRole.All or ServerRole.Processor;
        var serves = settings.Role is ServerRole.All or ServerRole.Views;

        // Avro views read writer schemas from an external registry when one is given, else from the embedded one (on
        // every role: processor workers need schemas too; only views servers serve its API). The registry comes first:
        // it loads at start, before the processor checks Avro views against it.
        if (settings.SchemaRegistryUrl is { } registryUrl)
        {
            builder.Services.AddSingleton<ISchemaSource>(_ => new SchemaRegistryClient(registryUrl));
        }

        builder.Services.AddKappaSchemaRegistry();
        builder.Services.AddKappaLifecycle(o => o.LocalCopyPath = Path.Combine(dataDirectory, "lifecycle.json"));
        if (processes)
        {
            builder.Services.AddKappaProcessor(o => o.StateDirectory = Path.Combine(dataDirectory, "state"));
        }

        void ConfigureViews(ViewsOptions o)
        {
            o.StoreDirectory = Path.Combine(dataDirectory, "views");
            o.AdminToken = settings.AdminToken;
        }

        if (serves)
        {
            builder.Services.AddKappaViews(ConfigureViews);
            builder.Services.AddKappaReplay();
        }
        else
        {
            builder.Services.AddKappaViewsMonitoring(ConfigureViews);
        }

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseKappaIoThreadHandoff();
        app.UseKappaAdminToken();
        if (serves)
        {
            app.MapKappaApi();
            app.MapKappaReplay();
            app.MapKappaSchemaRegistry();
        }
        else
        {
            app.MapKappaOperations();
        }

        return app;
    }
}
