namespace Kappa.Cli.Hosting;

/// <summary>What a <c>kappa run</c> process does (<c>--role</c>).</summary>
internal enum ServerRole
{
    /// <summary>Everything in one process: processor, views, replay, schema registry, HTTP API. The default.</summary>
    All,

    /// <summary>
    /// Processor workers only: they share each view version's partitions with the other workers through Kafka's
    /// consumer groups. HTTP serves health, lag and metrics, for orchestrators and scrapers.
    /// </summary>
    Processor,

    /// <summary>
    /// Query servers only: each materializes every view from the changelogs and the control topic, so any number of
    /// them answer alike; they also run replay coordination and the schema registry.
    /// </summary>
    Views,
}
