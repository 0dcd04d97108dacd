using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace Kappa.Views.Telemetry;

/// <summary>
/// Exports Kappa's meter and ASP.NET Core's request metrics over OTLP while the host runs, when an endpoint is
/// configured. (OpenTelemetry.Extensions.Hosting is not in the NuGet copy, so the provider's life is tied to the
/// host here.)
/// </summary>
internal sealed partial class OtlpExportService(IOptions<TelemetryOptions> options, KappaMetrics metrics, ILogger<OtlpExportService> logger) : IHostedService, IDisposable
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private MeterProvider? _provider;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Taking the metrics makes DI create Kappa's meter before the provider starts listening for it.
        ArgumentNullException.ThrowIfNull(metrics);
        var settings = options.Value;
        var endpoint = settings.OtlpEndpoint
            ?? (Environment.GetEnvironmentVariable(EndpointVariable) is { Length: > 0 } text ? new Uri(text) : null);
        if (endpoint is null)
        {
            return Task.CompletedTask;
        }

        var protocol = settings.OtlpProtocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        if (protocol == OtlpExportProtocol.HttpProtobuf && endpoint.AbsolutePath == "/")
        {
            // A programmatic endpoint is used as is; OTLP/HTTP's metrics path must be named.
            endpoint = new Uri(endpoint, "v1/metrics");
        }

        // The provider listens to every meter of these names in the process: one server per process, as kappa runs.
        _provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(KappaMetrics.MeterName, "Microsoft.AspNetCore.Hosting")
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = endpoint;
                exporter.Protocol = protocol;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)settings.ExportInterval.TotalMilliseconds;
            })
            .Build();
        LogExporting(logger, endpoint, settings.OtlpProtocol);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // Flushes the last values before the meters go away.
        _provider?.ForceFlush(5_000);
        return Task.CompletedTask;
    }

    public void Dispose() => _provider?.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "exporting metrics over OTLP ({Protocol}) to {Endpoint}")]
    private static partial void LogExporting(ILogger logger, Uri endpoint, string protocol);
}
