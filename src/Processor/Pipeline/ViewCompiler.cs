using Kappa.Contracts.Definitions;
using Kappa.Processor.Aggregates;
using Kappa.Processor.Expressions;
using Kappa.Processor.Windows;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// Compiles declarative view specs (from YAML) into <see cref="CompiledView"/>s. The checks that need the
/// processor's knowledge (time zones, filter syntax, aggregate arguments) happen here and are reported, like
/// the YAML reader's own, as <c>file:line:column: message</c>, all at once.
/// </summary>
public static class ViewCompiler
{
    /// <summary>Compiles every spec; throws one <see cref="ViewDefinitionException"/> listing every problem.</summary>
    public static IReadOnlyList<CompiledView> Compile(IEnumerable<ViewSpec> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var errors = new List<DefinitionError>();
        var views = new List<CompiledView>();
        foreach (var spec in specs)
        {
            if (TryCompile(spec, errors) is { } view)
            {
                views.Add(view);
            }
        }

        return errors.Count > 0 ? throw new ViewDefinitionException(errors) : views;
    }

    /// <summary>
    /// Compiles the views of one YAML text, each remembering the text as its <see cref="CompiledView.DefinitionText"/>,
    /// which is what a view version stores in the control topic.
    /// </summary>
    public static IReadOnlyList<CompiledView> CompileText(string yaml, string fileName)
    {
        var views = Compile(ViewDefinitionLoader.Parse(yaml, fileName));
        foreach (var view in views)
        {
            view.DefinitionText = yaml;
        }

        return views;
    }

    /// <summary>
    /// Loads and compiles a definition file or a folder of them (<see cref="ViewDefinitionLoader.Load"/>); each view
    /// remembers the text of its file as its <see cref="CompiledView.DefinitionText"/>.
    /// </summary>
    public static IReadOnlyList<CompiledView> CompilePath(string path)
    {
        var views = Compile(ViewDefinitionLoader.Load(path));
        var files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path).Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            : [path];
        var textByView = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (var spec in ViewDefinitionLoader.Parse(text, file))
            {
                textByView[spec.Name] = text;
            }
        }

        foreach (var view in views)
        {
            view.DefinitionText = textByView[view.Name];
        }

        return views;
    }

    private static CompiledView? TryCompile(ViewSpec spec, List<DefinitionError> errors)
    {
        var before = errors.Count;
        IEventFilter? filter = null;
        if (spec.Filter is not null)
        {
            try
            {
                filter = new ExpressionFilter(FilterExpression.Parse(spec.Filter));
            }
            catch (FilterSyntaxException e)
            {
                var location = spec.FilterLocation?.AddColumns(e.Column - 1) ?? spec.Location;
                errors.Add(new DefinitionError(location, $"filter: {e.Reason}"));
            }
        }

        SessionWindows? sessions = null;
        SlidingWindows? sliding = null;
        IWindowAssigner? windows = null;
        if (spec.Window is SessionWindowSpec session)
        {
            try
            {
                sessions = WindowAssigners.Session(session.Gap);
            }
            catch (ArgumentException e)
            {
                errors.Add(new DefinitionError(spec.Window.Location, e.Message));
            }
        }
        else if (spec.Window is SlidingWindowSpec slidingSpec)
        {
            sliding = CompileSliding(spec, slidingSpec, errors);
        }
        else
        {
            windows = CompileWindow(spec, errors);
        }

        var aggregates = new List<IAggregateFunction>();
        foreach (var aggregate in spec.Aggregates)
        {
            try
            {
                aggregates.Add(AggregateFactory.Create(aggregate.OutputName, AggregateSyntax.NameOf(aggregate.Function), aggregate.Arguments));
            }
            catch (ArgumentException e)
            {
                errors.Add(new DefinitionError(aggregate.Location, e.Message));
            }
        }

        if (errors.Count > before || (windows is null && sessions is null && sliding is null))
        {
            return null;
        }

        foreach (var check in spec.Gates.Checks)
        {
            try
            {
                FilterExpression.Parse(check);
            }
            catch (FilterSyntaxException e)
            {
                errors.Add(new DefinitionError(spec.Location, $"gates: check '{check}': {e.Reason}"));
            }
        }

        return new CompiledView(spec.Name, spec.Source, spec.Time.Field, spec.Time.MaxDisorder, spec.Time.Grace, filter, spec.Key, windows, aggregates, spec.Emit, sessions, sliding)
        {
            Gates = spec.Gates,
            Format = spec.Format,
            SchemaSubject = spec.SchemaSubject,
            SchemaLocation = spec.SchemaLocation,
            FieldUses = FieldUses(spec, filter, aggregates),
        };
    }

    /// <summary>Where each field is read; key fields have no location of their own and point at the schema or the view.</summary>
    private static List<FieldUse> FieldUses(ViewSpec spec, IEventFilter? filter, List<IAggregateFunction> aggregates)
    {
        var uses = new List<FieldUse>();
        var fallback = spec.SchemaLocation ?? spec.Location;
        foreach (var field in filter?.Fields ?? [])
        {
            uses.Add(new FieldUse(field, "the filter", spec.FilterLocation ?? fallback));
        }

        if (spec.Time.Field is { } time)
        {
            uses.Add(new FieldUse(time, "the time field", spec.Time.Location));
        }

        foreach (var key in spec.Key)
        {
            uses.Add(new FieldUse(key, "the key", fallback));
        }

        for (var i = 0; i < aggregates.Count; i++)
        {
            if (aggregates[i].InputField is { } input)
            {
                uses.Add(new FieldUse(input, $"aggregate '{aggregates[i].Name}'", spec.Aggregates[i].Location));
            }
        }

        return uses;
    }

    private static IWindowAssigner? CompileWindow(ViewSpec spec, List<DefinitionError> errors)
    {
        try
        {
            return spec.Window switch
            {
                TumblingWindowSpec t => WindowAssigners.Tumbling(t.Size),
                HoppingWindowSpec h => WindowAssigners.Hopping(h.Size, h.Advance),
                CalendarWindowSpec c => WindowAssigners.Calendar(
                    c.Unit,
                    spec.Time.TimeZone ?? "UTC",
                    c.WeekStart ?? DayOfWeek.Monday),
                _ => Unsupported(spec, errors),
            };
        }
        catch (ArgumentException e)
        {
            var location = spec.Window is CalendarWindowSpec ? spec.Time.TimeZoneLocation ?? spec.Time.Location : spec.Window.Location;
            errors.Add(new DefinitionError(location, e.Message));
            return null;
        }
    }

    private static SlidingWindows? CompileSliding(ViewSpec spec, SlidingWindowSpec sliding, List<DefinitionError> errors)
    {
        if (spec.Emit == EmitMode.OnClose)
        {
            // The definition has no location of its own for emit; the window is what makes on-close impossible.
            errors.Add(new DefinitionError(sliding.Location, $"view '{spec.Name}': {CompiledView.SlidingOnCloseReason}"));
            return null;
        }

        try
        {
            return WindowAssigners.Sliding(sliding.Size);
        }
        catch (ArgumentException e)
        {
            errors.Add(new DefinitionError(sliding.Location, e.Message));
            return null;
        }
    }

    private static IWindowAssigner? Unsupported(ViewSpec spec, List<DefinitionError> errors)
    {
        // A window kind the reader knows but the processor does not: a view that silently computed something else
        // would be worse than one that does not start.
        errors.Add(new DefinitionError(spec.Window.Location, $"view '{spec.Name}': {spec.Window.Kind.ToString().ToLowerInvariant()} windows are not supported by the processor yet"));
        return null;
    }
}
