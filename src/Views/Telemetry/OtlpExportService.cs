using Kappa.Log.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Kappa.Views.Telemetry;

/// <summary>
/// Exports Kappa's meter and ASP.NET Core's request metrics, and Kappa's and ASP.NET Core's spans, over OTLP while the
/// host runs, when an endpoint is configured. (OpenTelemetry.Extensions.Hosting is not in the NuGet copy, so the
/// providers' life is tied to the host here.) ASP.NET Core's request spans are exported too: a <c>produce</c> span is
/// their child, and the default parent-based sampler samples a child as its parent.
/// </summary>
internal sealed partial class OtlpExportService(IOptions<TelemetryOptions> options, KappaMetrics metrics, ILogger<OtlpExportService> logger) : IHostedService, IDisposable
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private MeterProvider? _provider;
    private TracerProvider? _tracer;

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

        // A programmatic endpoint is used as is; OTLP/HTTP's signal paths must be named.
        var named = protocol == OtlpExportProtocol.HttpProtobuf && endpoint.AbsolutePath == "/";
        var metricsEndpoint = named ? new Uri(endpoint, "v1/metrics") : endpoint;
        var tracesEndpoint = named ? new Uri(endpoint, "v1/traces") : endpoint;

        // The providers listen to every meter and source of these names in the process: one server per process, as kappa runs.
        _provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(KappaTelemetry.Name, "Microsoft.AspNetCore.Hosting", PrometheusExporter.RuntimeMeter)
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = metricsEndpoint;
                exporter.Protocol = protocol;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)settings.ExportInterval.TotalMilliseconds;
            })
            .Build();
        _tracer = Sdk.CreateTracerProviderBuilder()
            .AddSource(KappaTelemetry.Name, "Microsoft.AspNetCore")
            .AddOtlpExporter(exporter =>
            {
                exporter.Endpoint = tracesEndpoint;
                exporter.Protocol = protocol;
                exporter.BatchExportProcessorOptions.ScheduledDelayMilliseconds = (int)settings.ExportInterval.TotalMilliseconds;
            })
            .Build();
        LogExporting(logger, endpoint, settings.OtlpProtocol);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // Flushes the last values and spans before the meters and sources go away.
        _provider?.ForceFlush(5_000);
        _tracer?.ForceFlush(5_000);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _provider?.Dispose();
        _tracer?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "exporting metrics and traces over OTLP ({Protocol}) to {Endpoint}")]
    private static partial void LogExporting(ILogger logger, Uri endpoint, string protocol);
}
