namespace Kappa.Processor.Aggregates;

/// <summary>
/// The definition of one aggregate column of a view, such as <c>revenue = sum(amount)</c>. Immutable and shared
/// by every row; the per-row, mutable part is the <see cref="IAggregateState"/> it creates.
/// </summary>
/// <remarks>
/// Implement this interface, together with <see cref="IAggregateState"/>, to plug a custom aggregate into the
/// processor. The contract every implementation must keep, because replays and crash recovery depend on it:
/// <list type="bullet">
/// <item>A state's result and stored bytes depend only on the inputs it has seen (values and positions), never on
/// wall-clock time, randomness, hash-table iteration order or the order in which inputs or merges arrived.</item>
/// <item><c>ReadState(Write(s))</c> is a state with the same result and the same stored bytes as <c>s</c>.</item>
/// </list>
/// </remarks>
public interface IAggregateFunction
{
    /// <summary>The output name of the column, for example <c>revenue</c>.</summary>
    string Name { get; }

    /// <summary>
    /// A one-line, human-readable statement of what the column holds and how exact it is, for view metadata,
    /// for example <c>count_distinct(customer_id): exact up to 10000 values, then HyperLogLog p=14 (standard error 0.81%)</c>.
    /// </summary>
    string Description { get; }

    /// <summary>
    /// The event field whose value is passed to <see cref="IAggregateState.Add"/>, or <see langword="null"/> when
    /// the aggregate reads no field (as <c>count()</c>); the pipeline then passes <see cref="Events.FieldValue.Missing"/>.
    /// The pipeline extracts only the fields that some aggregate names here.
    /// </summary>
    string? InputField { get; }

    /// <summary>Creates the state of a row that has seen no input yet.</summary>
    /// <returns>A new, empty state.</returns>
    IAggregateState CreateState();

    /// <summary>Restores a state from the bytes its <see cref="IAggregateState.Write"/> produced.</summary>
    /// <param name="stored">The stored state.</param>
    /// <returns>A new state equal to the one that was written.</returns>
    /// <exception cref="FormatException">The bytes are not a state of this aggregate.</exception>
    IAggregateState ReadState(ReadOnlySpan<byte> stored);
}
