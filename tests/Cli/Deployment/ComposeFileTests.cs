using System.CommandLine;
using System.Diagnostics;
using Kappa.Cli.Commands;
using Kappa.Cli.Hosting;
using Kappa.Log.Kafka;
using Kappa.TestKit;
using Microsoft.Extensions.Configuration;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Kappa.Cli.Tests.Deployment;

/// <summary>
/// docker-compose.yml cannot be run here (no Docker daemon), so its promises are checked from outside: every service
/// the issue asks for is there with a health check, every kappa service's command is one the real CLI parses, and its
/// Kafka__ settings bind to valid Kafka options. Where a docker client with compose exists, <c>docker compose config</c>
/// must accept the file too.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly string ComposeFile = Path.Combine(RepoPaths.Root, "docker-compose.yml");

    [Fact]
    public void Every_service_is_there_with_a_health_check()
    {
        var services = Services();

        Assert.Equal(
            ["grafana", "kafka", "otel-collector", "processor", "prometheus", "schema-registry", "views"],
            services.Children.Keys.Select(k => ((YamlScalarNode)k).Value).Order(StringComparer.Ordinal));
        Assert.StartsWith("apache/kafka:", Scalar(Service(services, "kafka"), "image"), StringComparison.Ordinal);
        Assert.Equal("2", Scalar((YamlMappingNode)Service(services, "processor")["deploy"], "replicas"));
        foreach (var name in services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!))
        {
            Assert.True(Service(services, name).Children.ContainsKey("healthcheck"), $"service {name} has no health check");
        }

        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "Dockerfile")));
    }

    [Theory]
    [InlineData("processor", "processor")]
    [InlineData("views", "views")]
    public void A_kappa_service_command_is_one_the_cli_parses(string service, string role)
    {
        var command = Service(Services(), service)["command"];
        var args = ((YamlSequenceNode)command).Children.Select(n => ((YamlScalarNode)n).Value!).ToList();
        Assert.Equal("run", args[0]);
        Assert.Equal(role, args[args.IndexOf("--role") + 1]);
        Assert.Equal("kafka:9092", args[args.IndexOf("--kafka") + 1]);

        var result = KappaCommandLine.Build().Parse(args);
        Assert.True(result.Errors.Count == 0, string.Join("; ", result.Errors.Select(e => e.Message)));
    }

    [Fact]
    public void The_kappa_services_kafka_settings_bind_to_valid_options()
    {
        var environment = (YamlMappingNode)Service(Services(), "processor")["environment"];
        var settings = environment.Children
            .Select(e => (Key: ((YamlScalarNode)e.Key).Value!, Value: ((YamlScalarNode)e.Value).Value))
            .Where(e => e.Key.StartsWith("Kafka__", StringComparison.Ordinal))
            .ToDictionary(e => e.Key.Replace("__", ":", StringComparison.Ordinal), e => e.Value);
        Assert.NotEmpty(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new KafkaOptions();

        KafkaLogHosting.Bind(configuration.GetSection("Kafka"), options);
        options.BootstrapServers = "kafka:9092";

        options.Validate();
        Assert.Equal("kappa", options.Properties["client.id"]);
    }

    [Fact]
    public async Task Docker_compose_accepts_the_file_where_a_compose_client_exists()
    {
        // Always checked: the file is YAML with services. The docker client is optional on developer machines and CI.
        Assert.NotEmpty(Services().Children);
        if (await RunAsync("docker", "compose", "version") != 0)
        {
            return;
        }

        Assert.Equal(0, await RunAsync("docker", "compose", "-f", ComposeFile, "config", "--quiet"));
    }

    private static YamlMappingNode Services()
    {
        using var reader = new StreamReader(ComposeFile);
        var yaml = new YamlStream();
        yaml.Load(reader);
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
    }

    /// <summary>A service with its YAML merge keys (<c>&lt;&lt;: *kappa</c>) applied.</summary>
    private static YamlMappingNode Service(YamlMappingNode services, string name)
    {
        var service = (YamlMappingNode)services[name];
        var merged = new YamlMappingNode();
        if (service.Children.TryGetValue(new YamlScalarNode("<<"), out var anchor))
        {
            foreach (var (key, value) in ((YamlMappingNode)anchor).Children)
            {
                merged.Children[key] = value;
            }
        }

        foreach (var (key, value) in service.Children.Where(c => ((YamlScalarNode)c.Key).Value != "<<"))
        {
            merged.Children[key] = value;
        }

        return merged;
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    private static async Task<int> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(info)!;
            var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
            await process.WaitForExitAsync();
            await drain;
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
