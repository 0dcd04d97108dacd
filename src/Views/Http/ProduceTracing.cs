using System.Diagnostics;
using Kappa.Log.Abstractions;
using Kappa.Log.Telemetry;

namespace Kappa.Views.Http;

/// <summary>
/// The start of a record's trace, for the produce endpoint. While a tracer listens to Kappa's source, a <c>produce</c>
/// span (a child of the request's, which carries the caller's <c>traceparent</c>) covers the append, and the records
/// carry its context. Without one, records carry the request's context only when the caller asked for the trace to be
/// sampled, so that a processor elsewhere can still link to it; otherwise they carry nothing. The header list is made
/// once per request and shared by its records.
/// </summary>
internal static class ProduceTracing
{
    /// <summary>Starts the <c>produce</c> span, or returns null when no tracer listens.</summary>
    public static Activity? Start(string topic, int records)
    {
        if (!KappaTelemetry.Source.HasListeners())
        {
            return null;
        }

        var activity = KappaTelemetry.Source.StartActivity("produce", ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "kappa");
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.destination.name", topic);
            activity.SetTag("messaging.batch.message_count", records);
        }

        return activity;
    }

    /// <summary>The headers every record of the request carries, or null for none.</summary>
    public static IReadOnlyList<RecordHeader>? Headers(Activity? produce) =>
        (produce ?? (Activity.Current is { Recorded: true } current ? current : null)) is { } activity
            ? [TraceParent.Header(activity.Context)]
            : null;
}
