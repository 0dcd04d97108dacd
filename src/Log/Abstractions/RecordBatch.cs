namespace Kappa.Log.Abstractions;

/// <summary>
/// Records returned by one <see cref="ILogConsumer.PollAsync"/>. Within a partition, records are in offset
/// order and without gaps except where the log itself has none (retention may start a partition late).
/// The records view the batch's buffers; they stay valid while the batch is referenced.
/// </summary>
public sealed class RecordBatch
{
    private readonly LogRecord[] _records;
    private readonly int _count;

    /// <summary>An empty batch.</summary>
    public static RecordBatch Empty { get; } = new([], 0);

    /// <summary>Creates a batch over the first <paramref name="count"/> entries of <paramref name="records"/>.</summary>
    public RecordBatch(LogRecord[] records, int count)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, records.Length);
        _records = records;
        _count = count;
    }

    /// <summary>The records.</summary>
    public ReadOnlySpan<LogRecord> Records => _records.AsSpan(0, _count);

    /// <summary>The number of records.</summary>
    public int Count => _count;

    /// <summary>Whether the batch is empty.</summary>
    public bool IsEmpty => _count == 0;
}
