using Kappa.Processor.Pipeline;

namespace Kappa.Processor.Hosting;

/// <summary>The view <c>kappa run</c> starts with when no <c>--views</c> are given: a definition like any user's.</summary>
public static class ExampleViews
{
    /// <summary>The definition, in the same YAML a user would write.</summary>
    public const string EventsPerKeyHourlyYaml = """
        view: events_per_key_hourly
        source: events
        time: { max-disorder: 1h, grace: 7d }
        window: { tumbling: 1h }
        aggregates: { count: count() }
        """;

    /// <summary>
    /// Counts the events of topic <c>events</c> per record key per event-time hour. An hour stays open for a
    /// week of event time after it ends, so a file of events in any order within that week counts fully.
    /// </summary>
    public static CompiledView EventsPerKeyHourly() =>
        ViewCompiler.CompileText(EventsPerKeyHourlyYaml, "<built-in>")[0];
}
