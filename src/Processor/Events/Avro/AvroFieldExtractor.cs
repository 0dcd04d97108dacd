using Kappa.Contracts.Avro;
using Kappa.Contracts.Avro.Confluent;

namespace Kappa.Processor.Events.Avro;

/// <summary>
/// Pulls a view's fields out of Confluent-framed Avro values into the same slots as the JSON extractor. The writer
/// schema is found by the id in each value's frame (through the <see cref="ISchemaSource"/>, once per id), and for each
/// id a plan is compiled that reads the wanted fields and skips the rest, so that a value decodes in one pass without
/// allocating. Field paths are dotted: record fields, map keys; a union reads as the branch written.
/// <para>Every bad value (a wrong frame, an unknown schema id, corrupt bytes, a path the writer schema lacks) is an
/// <see cref="EventDecodeException"/>. A registry that cannot be reached is not the value's fault: that exception passes
/// through, and the task fails rather than dead-letter good events. A lookup the registry is slow to answer ends, with
/// <see cref="OperationCanceledException"/>, when the task is told to stop, so a stop or a rebalance never waits for it.</para>
/// Not thread-safe: one extractor per task, or several sharing their caches (<see cref="Sibling"/>) on its thread.
/// </summary>
internal sealed class AvroFieldExtractor : IFieldExtractor
{
    // Unknown ids are remembered so that a stream of bad frames does not query the registry per record; the bound keeps
    // random ids from corrupt values from growing the set without end.
    private const int MaxUnknownIds = 1_024;

    private readonly ISchemaSource _schemas;
    private readonly AvroPathNode _root;
    private readonly Dictionary<int, Plan> _plans;
    private readonly HashSet<int> _unknown;
    private readonly AvroStepRunner _runner = new();
    private readonly CancellationToken _stopping;
    private Plan? _last;

    /// <summary>Prepares extraction of <paramref name="paths"/>, reading writer schemas from <paramref name="schemas"/>.</summary>
    /// <param name="paths">The field paths.</param>
    /// <param name="schemas">Where writer schemas are found.</param>
    /// <param name="stopping">Cancels a lookup under way: the task that uses this extractor is stopping.</param>
    /// <exception cref="ArgumentException">A path is empty or has an empty segment.</exception>
    public AvroFieldExtractor(IReadOnlyList<string> paths, ISchemaSource schemas, CancellationToken stopping = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(schemas);
        Paths = paths;
        _schemas = schemas;
        _stopping = stopping;
        _root = AvroPathNode.Build(paths);
        _plans = [];
        _unknown = [];
    }

    private AvroFieldExtractor(AvroFieldExtractor sibling)
    {
        Paths = sibling.Paths;
        _schemas = sibling._schemas;
        _stopping = sibling._stopping;
        _root = sibling._root;
        _plans = sibling._plans;
        _unknown = sibling._unknown;
    }

    /// <summary>
    /// An extractor that shares this one's schema plans and unknown ids but has buffers of its own, so that values the
    /// two extracted can be held at once and both read every value alike. Used by the same thread as this one.
    /// </summary>
    public AvroFieldExtractor Sibling() => new(this);

    /// <inheritdoc/>
    public IReadOnlyList<string> Paths { get; }

    /// <inheritdoc/>
    public void Extract(ReadOnlyMemory<byte> value, Span<FieldValue> slots)
    {
        slots[..Paths.Count].Clear();
        int id;
        try
        {
            id = ConfluentWireFormat.ReadHeader(value.Span, out _);
        }
        catch (AvroDecodeException e)
        {
            throw new EventDecodeException($"the value is not Avro in Confluent's wire format: {e.Message}", e);
        }

        var plan = _last is { } last && last.Id == id ? last : PlanFor(id);
        if (plan.Error is { } error)
        {
            throw new EventDecodeException(error);
        }

        try
        {
            _runner.Run(plan.Steps, value[ConfluentWireFormat.HeaderLength..], slots);
        }
        catch (AvroDecodeException e)
        {
            // Slots may hold part of the value; the caller dead-letters the event and never reads them.
            throw new EventDecodeException($"the value is not valid Avro of schema {id} ({plan.SchemaName}): {e.Message}", e);
        }
    }

    private Plan PlanFor(int id)
    {
        if (!_plans.TryGetValue(id, out var plan))
        {
            var schema = Lookup(id);
            var name = schema is AvroNamedSchema named ? named.FullName : schema.Type.ToString().ToLowerInvariant();
            var missing = AvroFieldPaths.Missing(schema, Paths);
            plan = missing.Count > 0
                ? new Plan(id, name, [], $"schema {id} ({name}) has no field {string.Join(", ", missing.Select(p => $"'{p}'"))}, which the view reads")
                : new Plan(id, name, AvroPlanCompiler.Compile(schema, _root), null);
            _plans[id] = plan;
        }

        _last = plan;
        return plan;
    }

    private AvroSchema Lookup(int id)
    {
        if (_unknown.Contains(id))
        {
            throw UnknownId(id);
        }

        try
        {
            // Once per schema id in a task's life (the extractors a task reads ahead with share these caches); the embedded
            // registry answers at once, a remote one blocks this task (and only it) for one request, or until it stops.
            var lookup = _schemas.GetSchemaAsync(id, _stopping);
            return lookup.IsCompletedSuccessfully ? lookup.Result : lookup.AsTask().GetAwaiter().GetResult();
        }
        catch (UnknownSchemaException)
        {
            if (_unknown.Count >= MaxUnknownIds)
            {
                _unknown.Clear();
            }

            _unknown.Add(id);
            throw UnknownId(id);
        }
    }

    private static EventDecodeException UnknownId(int id) =>
        new($"the value names schema id {id}, which the schema registry does not have");

    private sealed record Plan(int Id, string SchemaName, AvroStep[] Steps, string? Error);
}
