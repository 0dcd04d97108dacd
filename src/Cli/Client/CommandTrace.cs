using System.Diagnostics;

namespace Kappa.Cli.Client;

/// <summary>
/// The trace a CLI command starts, so that what it sends can be followed: the HTTP client passes
/// <see cref="Activity.Current"/> on as a <c>traceparent</c> header, and the produce endpoint puts a sampled context on
/// the records it appends. The parent comes from the <c>TRACEPARENT</c> (and <c>TRACESTATE</c>) environment variables,
/// OpenTelemetry's carrier for processes, so a script's trace continues through the command; without them the command
/// starts a trace of its own, sampled, as the head of the trace decides. The CLI exports no spans itself.
/// </summary>
internal static class CommandTrace
{
    public const string ParentVariable = "TRACEPARENT";

    public const string StateVariable = "TRACESTATE";

    public static Activity Start(string name)
    {
        var activity = new Activity(name);
        activity.SetIdFormat(ActivityIdFormat.W3C);
        var state = Environment.GetEnvironmentVariable(StateVariable);
        if (ActivityContext.TryParse(Environment.GetEnvironmentVariable(ParentVariable), state, out var parent))
        {
            activity.SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags);
            activity.TraceStateString = parent.TraceState;
        }
        else
        {
            activity.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        }

        return activity.Start();
    }
}
