namespace Kappa.Log.Abstractions;

/// <summary>
/// A record read from the log. It is a view into its <see cref="RecordBatch"/>'s buffers: reading a batch
/// allocates per batch, never per record. Copy key or value out if it must outlive the batch.
/// </summary>
public readonly struct LogRecord
{
    /// <summary>Creates a record view.</summary>
    public LogRecord(
        string topic,
        int partition,
        long offset,
        long timestamp,
        ReadOnlyMemory<byte>? key,
        ReadOnlyMemory<byte>? value,
        RecordHeaders headers)
    {
        Topic = topic;
        Partition = partition;
        Offset = offset;
        Timestamp = timestamp;
        Key = key;
        Value = value;
        Headers = headers;
    }

    /// <summary>The topic the record was read from.</summary>
    public string Topic { get; }

    /// <summary>The partition the record was read from.</summary>
    public int Partition { get; }

    /// <summary>The record's offset: dense and increasing within its partition.</summary>
    public long Offset { get; }

    /// <summary>The record timestamp in Unix milliseconds (the producer's event time).</summary>
    public long Timestamp { get; }

    /// <summary>The key, or null.</summary>
    public ReadOnlyMemory<byte>? Key { get; }

    /// <summary>The value, or null (a tombstone).</summary>
    public ReadOnlyMemory<byte>? Value { get; }

    /// <summary>The headers, decoded lazily.</summary>
    public RecordHeaders Headers { get; }
}
