namespace Kappa.Processor.Events;

/// <summary>
/// Pulls a view's fields out of one record value: JSON (<see cref="FieldExtractor"/>) or Confluent-framed Avro
/// (<see cref="Avro.AvroFieldExtractor"/>), so the task's pipeline is the same for every source format.
/// <para>Invariant: after <see cref="Extract"/>, slot i holds the value of <see cref="Paths"/>[i] or Missing, valid until
/// the next call (strings may point into the value or into the extractor's scratch memory). Not thread-safe: one
/// extractor per task.</para>
/// </summary>
public interface IFieldExtractor
{
    /// <summary>The extracted paths, in slot order.</summary>
    IReadOnlyList<string> Paths { get; }

    /// <summary>Fills <paramref name="slots"/> (length at least <see cref="Paths"/>.Count) from one record value.</summary>
    /// <exception cref="EventDecodeException">The value cannot be read; the message says why, for the dead letter.</exception>
    void Extract(ReadOnlyMemory<byte> value, Span<FieldValue> slots);
}
