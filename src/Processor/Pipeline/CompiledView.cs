using Kappa.Contracts.Avro.Confluent;
using Kappa.Contracts.Definitions;
using Kappa.Processor.Aggregates;
using Kappa.Processor.Events;
using Kappa.Processor.Events.Avro;
using Kappa.Processor.Windows;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// A view ready to run: what YAML definitions and the fluent C# API both compile to, so there is one
/// pipeline whatever the definition's form. Immutable and shared by all of the view's tasks.
/// <para>
/// Field slots are laid out once: the filter's fields first (so the filter evaluates on a prefix of the slots
/// without copying), then the time field, the key fields and the aggregate inputs.
/// </para>
/// </summary>
public sealed class CompiledView
{
    internal CompiledView(
        string name,
        string source,
        string? timeField,
        TimeSpan maxDisorder,
        TimeSpan grace,
        IEventFilter? filter,
        IReadOnlyList<string> keyFields,
        IWindowAssigner? windows,
        IReadOnlyList<IAggregateFunction> aggregates,
        EmitMode emit,
        SessionWindows? sessions = null,
        SlidingWindows? sliding = null)
    {
        if (sliding is not null)
        {
            if (windows is not null || sessions is not null)
            {
                throw new ArgumentException("a sliding view's windows are its sliding windows only");
            }

            if (emit == EmitMode.OnClose)
            {
                throw new ArgumentException(SlidingOnCloseReason);
            }

            // Tasks aggregate exact per-millisecond buckets; the materializer combines them into sliding windows.
            windows = WindowAssigners.Tumbling(TimeSpan.FromMilliseconds(1));
        }

        if ((windows is null) == (sessions is null))
        {
            throw new ArgumentException("a view has either a window assigner or session windows");
        }

        Name = name;
        Source = source;
        TimeField = timeField;
        MaxDisorderMs = (long)maxDisorder.TotalMilliseconds;
        GraceMs = (long)grace.TotalMilliseconds;
        Filter = filter;
        KeyFields = keyFields;
        Windows = windows;
        Sessions = sessions;
        Sliding = sliding;

        // A bucket at t is in sliding windows ending up to t + d + 1, so it closes d ms after its own end.
        CloseAfterMs = sessions is not null ? GraceMs + 1 : sliding is not null ? GraceMs + sliding.TimeDifferenceMs : GraceMs;
        Aggregates = aggregates;
        Emit = emit;

        var paths = new List<string>(filter?.Fields ?? []);
        if (timeField is not null)
        {
            TimeSlot = paths.Count;
            paths.Add(timeField);
        }

        KeySlotStart = paths.Count;
        paths.AddRange(keyFields);
        AggregateSlots = [.. aggregates.Select(a =>
        {
            if (a.InputField is null)
            {
                return -1;
            }

            paths.Add(a.InputField);
            return paths.Count - 1;
        })];
        FieldPaths = paths;
    }

    /// <summary>The view name.</summary>
    public string Name { get; }

    /// <summary>The source topic.</summary>
    public string Source { get; }

    /// <summary>How the source topic's values are encoded: JSON unless stated.</summary>
    public SourceFormat Format { get; internal init; } = SourceFormat.Json;

    /// <summary>
    /// For an Avro source, the schema registry subject its values are registered under, or null. Only the start-up
    /// check reads it: values are always read with the writer schema their frame names.
    /// </summary>
    public string? SchemaSubject { get; internal init; }

    /// <summary>Where <see cref="SchemaSubject"/> is written, or null (no subject, or a view defined in C#).</summary>
    internal SourceLocation? SchemaLocation { get; init; }

    /// <summary>Where each field path is used in the definition, for errors found against a schema; empty for C# views.</summary>
    internal IReadOnlyList<FieldUse> FieldUses { get; init; } = [];

    /// <summary>The event-time field, or null for the record timestamp.</summary>
    public string? TimeField { get; }

    /// <summary>How far behind the newest event time the watermark trails, in ms.</summary>
    public long MaxDisorderMs { get; }

    /// <summary>How long after its end a window still accepts events, in ms. Zero unless stated.</summary>
    public long GraceMs { get; }

    /// <summary>
    /// How long after its end a window is closed: <see cref="GraceMs"/>, and for sessions one millisecond more, as an
    /// event exactly at a session's end still joins it (a session is closed once its end plus grace is before the
    /// watermark, not at it); for a sliding view's 1 ms buckets, <see cref="GraceMs"/> plus the time difference d, as a
    /// bucket at t belongs to sliding windows ending up to t + d + 1, which close once that end plus grace is at or
    /// before the watermark.
    /// </summary>
    internal long CloseAfterMs { get; }

    /// <summary>The filter, or null when every event passes.</summary>
    public IEventFilter? Filter { get; }

    /// <summary>The group-key fields; empty means the record key.</summary>
    public IReadOnlyList<string> KeyFields { get; }

    /// <summary>
    /// The window assigner; null when the view has <see cref="Sessions"/>. For a view with <see cref="Sliding"/>
    /// windows, the 1 ms tumbling buckets its tasks aggregate.
    /// </summary>
    public IWindowAssigner? Windows { get; }

    /// <summary>
    /// The session windows, or null. Sessions depend on a key's other events, so they are not an assigner: a task
    /// merges them per key, and the materializer merges the sessions of every source partition per key.
    /// </summary>
    public SessionWindows? Sessions { get; }

    /// <summary>
    /// The sliding windows, or null. A key's sliding windows depend on all of its events, which may sit in several
    /// source partitions, so tasks aggregate exact 1 ms buckets (<see cref="Windows"/>) and the materializer combines
    /// every partition's buckets into the windows. Such a view emits on update only.
    /// </summary>
    public SlidingWindows? Sliding { get; }

    /// <summary>Why a sliding view cannot emit on close, for the compiler and the builder to say.</summary>
    internal const string SlidingOnCloseReason =
        "sliding windows cannot emit on-close: a window is combined from per-millisecond buckets that close at different times and "
        + "may come from several source partitions, so no task can know when a sliding window is final; use emit: on-update";

    /// <summary>The aggregate columns, in output order.</summary>
    public IReadOnlyList<IAggregateFunction> Aggregates { get; }

    /// <summary>When rows are published.</summary>
    public EmitMode Emit { get; }

    /// <summary>
    /// The YAML text the view was compiled from (the whole file, which may define other views too), or null for a
    /// view defined in C#. A view version stores it, so the version can be compiled again exactly as it was.
    /// </summary>
    public string? DefinitionText { get; internal set; }

    /// <summary>The validation gates a replayed version of this view must pass for automatic activation.</summary>
    public GateSpec Gates { get; internal init; } = GateSpec.Default;

    /// <summary>Every field path the view reads, in slot order.</summary>
    public IReadOnlyList<string> FieldPaths { get; }

    internal int? TimeSlot { get; }

    internal int KeySlotStart { get; }

    internal int[] AggregateSlots { get; }

    /// <summary>The changelog topic of a version's row upserts.</summary>
    public string ChangelogTopic(int version) => ChangelogTopicOf(Name, version);

    /// <summary>The changelog topic of a view version, named without compiling the view (for cleanup and progress).</summary>
    public static string ChangelogTopicOf(string view, int version) => $"_kappa.view.{view}.v{version}";

    /// <summary>
    /// The consumer group a view version's tasks commit their input offsets in, wherever they run: a task commits
    /// only after publishing what its input produced, so the group's offsets are the version's published progress.
    /// </summary>
    public static string TaskGroupOf(string view, int version) => $"_kappa.processor.{view}.v{version}";

    /// <summary>The dead-letter topic: events this view could not process, with the reason in headers.</summary>
    public string DeadLetterTopic => $"{Source}.dlq";

    /// <summary>The late-records topic: events that arrived after their window closed.</summary>
    public string LateTopic => $"{Source}.late";

    /// <summary>A new extractor for this view's fields and source format; one per task, or several sharing their caches.</summary>
    /// <param name="schemas">Where an Avro view finds writer schemas; unused for JSON.</param>
    /// <param name="sharingWith">An extractor of this view whose caches (an Avro extractor's schemas, and the ids the
    /// registry did not know) the new one shares, so that the two read every value alike; each keeps its own buffers, so
    /// values the two extracted can be held at once. Null for caches of its own.</param>
    /// <param name="stopping">Cancels a schema lookup the extractor waits on (see <see cref="AvroFieldExtractor"/>).</param>
    /// <exception cref="InvalidOperationException">The view reads Avro and there is no schema source.</exception>
    internal IFieldExtractor CreateExtractor(ISchemaSource? schemas, IFieldExtractor? sharingWith = null, CancellationToken stopping = default) => Format switch
    {
        SourceFormat.Avro when sharingWith is AvroFieldExtractor avro => avro.Sibling(),
        SourceFormat.Avro => new AvroFieldExtractor(
            FieldPaths,
            schemas ?? throw new InvalidOperationException($"view '{Name}' reads Avro values, but the processor has no schema registry to read their schemas from"),
            stopping),
        _ => new FieldExtractor(FieldPaths),
    };

    /// <summary>How the view computes, one line per part, for view metadata.</summary>
    public IReadOnlyList<string> Describe() =>
    [
        Format == SourceFormat.Avro ? $"source: {Source} (avro{(SchemaSubject is null ? string.Empty : $", subject {SchemaSubject}")})" : $"source: {Source}",
        $"time: {TimeField ?? "record timestamp"}, max-disorder {MaxDisorderMs} ms, grace {GraceMs} ms",
        $"filter: {Filter?.Description ?? "none"}",
        $"key: {(KeyFields.Count == 0 ? "record key" : string.Join(", ", KeyFields))}",
        $"window: {Sliding?.Description ?? Windows?.Description ?? Sessions!.Description}",
        .. Aggregates.Select(a => $"aggregate: {a.Description}"),
        $"emit: {(Emit == EmitMode.OnClose ? "on-close" : "on-update")}",
    ];
}
