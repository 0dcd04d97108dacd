using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Kappa.Processor.Events;

namespace Kappa.Processor.Aggregates;

/// <summary>
/// The running value of one aggregate for one row (key and window). Mutable and not thread-safe: a row belongs
/// to one partition task.
/// </summary>
/// <remarks>
/// Invariants every implementation keeps:
/// <list type="bullet">
/// <item><see cref="Add"/> either updates the state or throws and leaves it unchanged, so the pipeline can route the
/// offending event to the dead-letter topic and carry on.</item>
/// <item>Merging is order-free: for any split of the inputs into states A and B, A merged with B has the same
/// result and the same stored bytes as one state that saw all the inputs.</item>
/// <item>Equal logical states write identical bytes (for example, sets are written sorted).</item>
/// </list>
/// </remarks>
public interface IAggregateState
{
    /// <summary>
    /// Adds one event's input. Missing and null inputs are skipped (SQL semantics) unless the aggregate counts
    /// events. Per-event path: built-in aggregates do not allocate here, except to keep a copy of a new value.
    /// </summary>
    /// <param name="input">
    /// The value of <see cref="IAggregateFunction.InputField"/> in the event. Its <see cref="FieldValue.Utf8"/> bytes are
    /// valid only during the call (they view the fetched record or a decoding buffer, both reused): a state copies
    /// what it keeps.
    /// </param>
    /// <param name="position">Where the event sits in the log; orders ties for first/last-style aggregates.</param>
    /// <exception cref="AggregateInputException">The input cannot be aggregated; the state is unchanged.</exception>
    void Add(in FieldValue input, in EventPosition position);

    /// <summary>
    /// Whether <see cref="Add"/> would accept <paramref name="input"/>, without changing the state. The pipeline
    /// asks every aggregate of every row an event touches before adding the event anywhere, so a rejected event
    /// changes nothing at all. The default answers yes: a custom aggregate that can reject input overrides it.
    /// </summary>
    /// <param name="input">The value <see cref="Add"/> would receive.</param>
    /// <param name="reason">Why the input would be rejected, when it would.</param>
    /// <returns>True when <see cref="Add"/> would succeed.</returns>
    bool CanAdd(in FieldValue input, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        return true;
    }

    /// <summary>Folds another state of the same aggregate into this one; <paramref name="other"/> is left unchanged.</summary>
    /// <param name="other">A state created or read by an equal <see cref="IAggregateFunction"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="other"/> belongs to a different kind of aggregate.</exception>
    /// <exception cref="AggregateInputException">The combined inputs cannot be aggregated; this state is unchanged.</exception>
    void Merge(IAggregateState other);

    /// <summary>
    /// Writes the state in its deterministic binary form, which <see cref="IAggregateFunction.ReadState"/> reads. The
    /// state read back shows the same result (<see cref="WriteResult"/>): the materializer relies on it when it takes a
    /// row with one partial from the task's rendering instead of rendering the state again.
    /// </summary>
    /// <param name="output">Where the bytes go.</param>
    void Write(IBufferWriter<byte> output);

    /// <summary>Writes the current result as exactly one JSON value; <c>null</c> when the aggregate has seen no input.</summary>
    /// <param name="writer">The writer, positioned where a value may be written.</param>
    void WriteResult(Utf8JsonWriter writer);
}
