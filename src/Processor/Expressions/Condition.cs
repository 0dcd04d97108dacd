using Kappa.Processor.Events;

namespace Kappa.Processor.Expressions;

/// <summary>
/// A compiled filter node. Nodes are immutable and evaluation neither allocates nor keeps state, so one
/// compiled filter serves any number of threads.
/// </summary>
internal abstract class Condition
{
    /// <summary>Evaluates the node against one event's field values, indexed as the filter's fields.</summary>
    /// <exception cref="FilterTypeException">An evaluated ordering comparison met values with no common order.</exception>
    public abstract bool Evaluate(ReadOnlySpan<FieldValue> fields);
}
