using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Kappa.Cli.Hosting;
using Kappa.Cli.Schemas;
using Kappa.Contracts.Definitions;
using Kappa.Processor.Hosting;
using Kappa.Processor.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kappa.Cli.Commands;

/// <summary><c>kappa run</c>: the all-in-one server on the embedded log, or on Kafka with <c>--kafka</c>.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Where the log, task state and views live.",
            DefaultValueFactory = _ => "./data",
        };
        var http = CommonOptions.HttpUrl("--http", "Where the HTTP API listens.");
        var partitions = new Option<int>("--partitions")
        {
            Description = "Partitions of topics created on first use.",
            DefaultValueFactory = _ => 4,
        };
        var views = new Option<string?>("--views")
        {
            Description = "A view definition file, or a folder of them (*.yaml, *.yml); the built-in example view when absent.",
        };
        var adminToken = CommonOptions.AdminToken();
        var kafka = new Option<string?>("--kafka")
        {
            Description = "Use Kafka as the log: its bootstrap servers (host:port,...). Other librdkafka settings (TLS, SASL) come from Kafka__* environment variables.",
        };
        var role = new Option<string>("--role")
        {
            Description = "What this process runs: all (the default), processor (workers sharing partitions with the other workers) or views (query servers). processor and views need --kafka.",
            DefaultValueFactory = _ => "all",
        };
        role.AcceptOnlyFromAmong("all", "processor", "views");
        var registry = RegistryConnection.RegistryOption();
        registry.Description = "A Confluent-compatible schema registry URL that views with 'format: avro' read writer schemas from; "
            + "by default the server's own registry (served at /schemas).";
        var command = new Command("run", "Start the server: embedded log (or Kafka), processor, views and HTTP API.")
        {
            dataDir, http, partitions, views, adminToken, kafka, role, registry,
        };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(() => RunAsync(
            new ServerSettings(
                result.GetValue(dataDir)!,
                result.GetValue(http)!,
                result.GetValue(adminToken),
                result.GetValue(partitions),
                result.GetValue(kafka),
                Enum.Parse<ServerRole>(result.GetValue(role)!, ignoreCase: true),
                result.GetValue(registry)),
            result.GetValue(views),
            cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(ServerSettings settings, string? viewsPath, CancellationToken cancellationToken)
    {
        var views = LoadViews(viewsPath);
        if (settings.DefaultPartitions is < 1 or > 10_000)
        {
            throw new CliException("--partitions must be between 1 and 10000");
        }

        if (settings.Role != ServerRole.All && settings.KafkaBootstrapServers is null)
        {
            throw new CliException($"--role {settings.Role.ToString().ToLowerInvariant()} needs --kafka: the embedded log belongs to one process, which runs everything (--role all)");
        }

        PrepareDataDirectory(settings.DataDirectory);
        EnsureAddressIsFree(settings.HttpUrl);
        await using var app = KappaServer.Build(settings, views);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Kappa");
        if (string.IsNullOrEmpty(settings.AdminToken))
        {
            logger.LogWarning("no admin token is set: admin operations on {Url} are accepted from this machine only (behind a local reverse proxy, from everyone)", settings.HttpUrl);
        }

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e) when (e.InnerException is AddressInUseException or SocketException)
        {
            throw new CliException($"cannot listen on {settings.HttpUrl}: {e.InnerException.Message}");
        }
        catch (Exception e) when (e is Log.Abstractions.LogException or Storage.RocksDbException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            throw new CliException($"cannot start: {e.Message}");
        }
        catch (ViewDefinitionException e)
        {
            // Found at start: checking Avro views against their subjects needs the registry, which the server loads.
            throw new CliException($"bad view definition:{Environment.NewLine}{e.Message}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Contracts.Schemas.SchemaRegistryException && settings.SchemaRegistryUrl is not null && !cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"cannot start: the schema registry at {settings.SchemaRegistryUrl} cannot be reached: {e.Message}");
        }

        logger.LogInformation(
            "Kappa ({Role}) is serving {Url} with data in {DataDirectory}",
            settings.Role.ToString().ToLowerInvariant(),
            settings.HttpUrl,
            Path.GetFullPath(settings.DataDirectory));
        await app.WaitForShutdownAsync(cancellationToken);

        // A background service that faulted stopped the host; the process must say so in its exit code.
        var faulted = app.Services.GetServices<IHostedService>().OfType<BackgroundService>().Any(s => s.ExecuteTask?.IsFaulted == true);
        return faulted ? 2 : 0;
    }

    private static IReadOnlyList<CompiledView> LoadViews(string? path)
    {
        if (path is null)
        {
            return [ExampleViews.EventsPerKeyHourly()];
        }

        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new CliException($"--views '{path}' is neither a file nor a folder");
        }

        try
        {
            var views = ViewCompiler.CompilePath(path);
            return views.Count > 0 ? views : throw new CliException($"--views '{path}' defines no views");
        }
        catch (ViewDefinitionException e)
        {
            throw new CliException($"bad view definition:{Environment.NewLine}{e.Message}");
        }
    }

    /// <summary>
    /// Binds the address once before the host starts, so that a port in use is one clear line rather than
    /// the host's logged start-up failure. Kestrel's own bind error stays handled for the rare race.
    /// </summary>
    private static void EnsureAddressIsFree(Uri url)
    {
        if (!IPAddress.TryParse(url.Host, out var address))
        {
            address = url.IsLoopback ? IPAddress.Loopback : IPAddress.Any;
        }

        try
        {
            using var probe = new TcpListener(address, url.Port);
            probe.Start();
        }
        catch (SocketException e)
        {
            throw new CliException($"cannot listen on {url}: {e.Message}");
        }
    }

    private static void PrepareDataDirectory(string dataDirectory)
    {
        try
        {
            Directory.CreateDirectory(dataDirectory);
            var probe = Path.Combine(dataDirectory, $".write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--data-dir '{dataDirectory}' is not a writable directory: {e.Message}");
        }
    }
}
