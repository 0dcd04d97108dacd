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

        if (errors.Count > before || (windows is null && sessions is null))
        {
            return null;
        }

        return new CompiledView(spec.Name, spec.Source, spec.Time.Field, spec.Time.MaxDisorder, spec.Time.Grace, filter, spec.Key, windows, aggregates, spec.Emit, sessions);
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
                SlidingWindowSpec => Unsupported(spec, errors),
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

    private static IWindowAssigner? Unsupported(ViewSpec spec, List<DefinitionError> errors)
    {
        // The window library has Kafka-style sliding windows, but their windows depend on all of a key's records,
        // and a key's records may sit in several partitions whose partial rows cannot be merged window by window.
        // A view that silently computed something else would be worse than one that does not start.
        errors.Add(new DefinitionError(spec.Window.Location, $"view '{spec.Name}': {spec.Window.Kind.ToString().ToLowerInvariant()} windows are not supported by the processor yet"));
        return null;
    }
}
