using Kappa.Processor.Events;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// Decides whether a view wants an event, from the values of the fields it names. The filter language
/// (<see cref="Expressions.FilterExpression"/>) is one implementation; C# predicates are another
/// (<see cref="ViewBuilder.Where(IReadOnlyList{string}, FieldPredicate, string)"/>). An exception from
/// <see cref="Evaluate"/> marks the event bad: it goes to the dead letters with the exception's message.
/// Implementations are immutable and must be deterministic (no clock, no randomness).
/// </summary>
public interface IEventFilter
{
    /// <summary>The dotted field paths the filter reads; their values reach <see cref="Evaluate"/> in this order.</summary>
    IReadOnlyList<string> Fields { get; }

    /// <summary>A short description for view metadata.</summary>
    string Description { get; }

    /// <summary>Whether the event passes.</summary>
    bool Evaluate(ReadOnlySpan<FieldValue> fields);
}

/// <summary>A C# predicate over the values of named fields.</summary>
public delegate bool FieldPredicate(ReadOnlySpan<FieldValue> fields);
