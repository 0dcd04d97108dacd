namespace Kappa.Contracts.Definitions;

/// <summary>
/// A view as declared in YAML: which events it reads, how it groups and windows them and what it computes.
/// The loader guarantees every static rule of <c>docs/views.md</c>: names are well formed, durations are in
/// range, the window shape is consistent and aggregate names are unique. What needs the processor (resolving
/// <see cref="TimeSpec.TimeZone"/>, compiling <see cref="Filter"/>) is left to it, which reports problems at the
/// carried locations. Equality compares <see cref="Key"/> and <see cref="Aggregates"/> element by element.
/// </summary>
/// <param name="Name">The view name: letters, digits and '_', at most 200 characters.</param>
/// <param name="Source">The topic read, by Kafka's topic naming rule.</param>
/// <param name="Format">How the topic's values are encoded.</param>
/// <param name="Time">The event-time field, time zone and lateness bounds.</param>
/// <param name="Filter">The filter expression as written, or null to keep every event.</param>
/// <param name="FilterLocation">
/// The first character of the filter text, or null without a filter. For a filter on one line, column c of
/// the expression is at <c>FilterLocation.AddColumns(c - 1)</c>.
/// </param>
/// <param name="Key">The dotted paths of the grouping fields, in order; empty to group by the record key.</param>
/// <param name="Window">The event-time windows.</param>
/// <param name="Aggregates">The output columns, in the order written; at least one.</param>
/// <param name="Emit">When rows are published.</param>
/// <param name="Location">The start of the view's mapping.</param>
public sealed record ViewSpec(
    string Name,
    string Source,
    SourceFormat Format,
    TimeSpec Time,
    string? Filter,
    SourceLocation? FilterLocation,
    IReadOnlyList<string> Key,
    WindowSpec Window,
    IReadOnlyList<AggregateSpec> Aggregates,
    EmitMode Emit,
    SourceLocation Location)
{
    /// <summary>The validation gates a replay of this view must pass to be activated automatically.</summary>
    public GateSpec Gates { get; init; } = GateSpec.Default;

    /// <summary>
    /// For an Avro source, the schema registry subject its values are registered under (e.g. <c>orders-value</c>), or
    /// null. When the subject exists at start-up, the view's field paths are checked against its latest schema.
    /// </summary>
    public string? SchemaSubject { get; init; }

    /// <summary>Where <see cref="SchemaSubject"/> is written, or null without one.</summary>
    public SourceLocation? SchemaLocation { get; init; }

    /// <inheritdoc/>
    public bool Equals(ViewSpec? other) =>
        other is not null
        && Name == other.Name
        && Source == other.Source
        && Format == other.Format
        && Time == other.Time
        && Filter == other.Filter
        && FilterLocation == other.FilterLocation
        && Key.SequenceEqual(other.Key)
        && Window == other.Window
        && Aggregates.SequenceEqual(other.Aggregates)
        && Emit == other.Emit
        && Gates == other.Gates
        && SchemaSubject == other.SchemaSubject
        && SchemaLocation == other.SchemaLocation
        && Location == other.Location;

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name);
        hash.Add(Source);
        hash.Add(Format);
        hash.Add(SchemaSubject);
        hash.Add(Time);
        hash.Add(Filter);
        foreach (var field in Key)
        {
            hash.Add(field);
        }

        hash.Add(Window);
        foreach (var aggregate in Aggregates)
        {
            hash.Add(aggregate);
        }

        hash.Add(Emit);
        hash.Add(Location);
        return hash.ToHashCode();
    }
}
