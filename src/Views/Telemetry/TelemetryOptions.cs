using System.ComponentModel.DataAnnotations;

namespace Kappa.Views.Telemetry;

/// <summary>Metrics and trace export, bound from configuration section <c>Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    /// <summary>
    /// Where to export metrics and traces over OTLP, e.g. <c>http://127.0.0.1:4318</c>. Null falls back to the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> environment variable; with neither, nothing is exported and
    /// <c>GET /metrics</c> is the way to read the metrics.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> or <c>http/protobuf</c> (the default, OTLP's port 4318).</summary>
    [RegularExpression("^(grpc|http/protobuf)$")]
    public string OtlpProtocol { get; set; } = "http/protobuf";

    /// <summary>How often metrics, and batches of spans, are exported; 10 s by default.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ExportInterval { get; set; } = TimeSpan.FromSeconds(10);
}
