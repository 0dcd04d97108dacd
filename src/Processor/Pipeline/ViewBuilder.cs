using Kappa.Contracts.Definitions;
using Kappa.Log.Abstractions;
using Kappa.Processor.Aggregates;
using Kappa.Processor.Expressions;
using Kappa.Processor.Windows;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// The fluent C# form of a view definition, for what YAML cannot say: C# predicates, custom window
/// assigners (any <see cref="IWindowAssigner"/>), custom aggregates (any <see cref="IAggregateFunction"/>).
/// It compiles to the same <see cref="CompiledView"/> as a YAML definition, so both run on one pipeline.
/// <example>
/// <code>
/// var view = ViewBuilder.Create("orders_by_region_daily")
///     .From("orders")
///     .EventTime("ts", maxDisorder: TimeSpan.FromMinutes(5), grace: TimeSpan.FromHours(1))
///     .Where("status == 'paid'")
///     .Where(["amount"], f => f[0].Number > 0, "amount > 0")
///     .GroupBy("region")
///     .Window(WindowAssigners.Calendar(CalendarUnit.Day, "Europe/Berlin"))
///     .Aggregate("orders", "count")
///     .Aggregate("revenue", "sum", "amount")
///     .Build();
/// </code>
/// </example>
/// </summary>
public sealed class ViewBuilder
{
    private readonly string _name;
    private readonly List<IEventFilter> _filters = [];
    private readonly List<IAggregateFunction> _aggregates = [];
    private readonly List<string> _keyFields = [];
    private string? _source;
    private SourceFormat _format = SourceFormat.Json;
    private string? _timeField;
    private TimeSpan _maxDisorder;
    private TimeSpan _grace;
    private IWindowAssigner? _windows;
    private SessionWindows? _sessions;
    private SlidingWindows? _sliding;
    private EmitMode _emit = EmitMode.OnUpdate;

    private ViewBuilder(string name) => _name = name;

    /// <summary>Starts a view definition.</summary>
    /// <param name="name">The view name: letters, digits and '_'.</param>
    public static ViewBuilder Create(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? new ViewBuilder(name)
            : throw new ArgumentException($"view name '{name}' must be letters, digits and '_'", nameof(name));
    }

    /// <summary>The source topic, and how its values are encoded (JSON unless stated).</summary>
    public ViewBuilder From(string topic, SourceFormat format = SourceFormat.Json)
    {
        TopicNames.Validate(topic);
        _source = topic;
        _format = format;
        return this;
    }

    /// <summary>
    /// Event time from a field (Unix ms or ISO-8601), with the watermark's allowed disorder and the grace
    /// after a window's end. Without it, event time is the record timestamp and both are zero.
    /// </summary>
    public ViewBuilder EventTime(string? field, TimeSpan maxDisorder = default, TimeSpan grace = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDisorder, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(grace, TimeSpan.Zero);
        _timeField = field;
        _maxDisorder = maxDisorder;
        _grace = grace;
        return this;
    }

    /// <summary>Keeps events matching a filter-language expression; several Where calls must all pass.</summary>
    /// <exception cref="FilterSyntaxException">The expression does not parse.</exception>
    public ViewBuilder Where(string expression)
    {
        _filters.Add(new ExpressionFilter(FilterExpression.Parse(expression)));
        return this;
    }

    /// <summary>Keeps events for which a C# predicate over the named fields holds.</summary>
    /// <param name="fields">The dotted field paths the predicate reads, in the order it receives them.</param>
    /// <param name="predicate">Deterministic: no clock, no randomness. An exception dead-letters the event.</param>
    /// <param name="description">How the predicate reads in view metadata.</param>
    public ViewBuilder Where(IReadOnlyList<string> fields, FieldPredicate predicate, string description)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(predicate);
        _filters.Add(new PredicateFilter([.. fields], predicate, description));
        return this;
    }

    /// <summary>Groups by these fields; without it, the group key is the record key.</summary>
    public ViewBuilder GroupBy(params string[] fields)
    {
        _keyFields.Clear();
        _keyFields.AddRange(fields);
        return this;
    }

    /// <summary>The windows: any assigner, built-in (<see cref="WindowAssigners"/>) or custom.</summary>
    public ViewBuilder Window(IWindowAssigner windows)
    {
        _windows = windows ?? throw new ArgumentNullException(nameof(windows));
        _sessions = null;
        _sliding = null;
        return this;
    }

    /// <summary>Session windows (<see cref="WindowAssigners.Session"/>), instead of an assigner.</summary>
    public ViewBuilder Window(SessionWindows sessions)
    {
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _windows = null;
        _sliding = null;
        return this;
    }

    /// <summary>
    /// Sliding windows (<see cref="WindowAssigners.Sliding"/>), instead of an assigner. Such a view emits on update
    /// only: <see cref="Build"/> refuses it with <see cref="EmitOnClose"/>.
    /// </summary>
    public ViewBuilder Window(SlidingWindows sliding)
    {
        _sliding = sliding ?? throw new ArgumentNullException(nameof(sliding));
        _windows = null;
        _sessions = null;
        return this;
    }

    /// <summary>Adds a built-in aggregate, as in YAML: <c>Aggregate("revenue", "sum", "amount")</c>.</summary>
    public ViewBuilder Aggregate(string name, string function, params string[] arguments) =>
        Aggregate(AggregateFactory.Create(name, function, arguments));

    /// <summary>Adds an aggregate, built-in or custom.</summary>
    public ViewBuilder Aggregate(IAggregateFunction aggregate)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        if (_aggregates.Exists(a => a.Name == aggregate.Name))
        {
            throw new ArgumentException($"view '{_name}' already has an aggregate named '{aggregate.Name}'", nameof(aggregate));
        }

        _aggregates.Add(aggregate);
        return this;
    }

    /// <summary>Publishes rows only when their window closes (final results), instead of on every update.</summary>
    public ViewBuilder EmitOnClose()
    {
        _emit = EmitMode.OnClose;
        return this;
    }

    /// <summary>Checks the definition and compiles it.</summary>
    /// <exception cref="InvalidOperationException">A required part is missing.</exception>
    public CompiledView Build()
    {
        var missing = new List<string>();
        if (_source is null)
        {
            missing.Add("a source (From)");
        }

        if (_windows is null && _sessions is null && _sliding is null)
        {
            missing.Add("windows (Window)");
        }

        if (_aggregates.Count == 0)
        {
            missing.Add("at least one aggregate (Aggregate)");
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"view '{_name}' needs {string.Join(", ", missing)}");
        }

        if (_sliding is not null && _emit == EmitMode.OnClose)
        {
            throw new InvalidOperationException($"view '{_name}': {CompiledView.SlidingOnCloseReason}");
        }

        IEventFilter? filter = _filters.Count switch
        {
            0 => null,
            1 => _filters[0],
            _ => new AllFilters(_filters),
        };
        return new CompiledView(_name, _source!, _timeField, _maxDisorder, _grace, filter, [.. _keyFields], _windows, [.. _aggregates], _emit, _sessions, _sliding)
        {
            Format = _format,
        };
    }
}
