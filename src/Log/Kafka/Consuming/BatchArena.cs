using Confluent.Kafka;

namespace Kappa.Log.Kafka.Consuming;

/// <summary>
/// The buffers of one <see cref="Abstractions.RecordBatch"/>: Confluent.Kafka hands each key and value to this
/// deserializer as a span over librdkafka's memory, and it copies them into large chunks instead of one array per
/// field. <see cref="Start"/> begins a batch with fresh chunks, because the records of the previous batch keep
/// viewing theirs. Used by one consumer thread at a time.
/// </summary>
internal sealed class BatchArena : IDeserializer<ArenaSlice>
{
    private const int MinChunk = 64 * 1024;
    private byte[] _chunk = [];
    private int _used;
    private int _lastBatchBytes = MinChunk;
    private int _batchBytes;

    /// <summary>Starts a new batch; the next chunk is sized after the last batch, so a steady stream needs one chunk per batch.</summary>
    public void Start()
    {
        _lastBatchBytes = Math.Max(MinChunk, _batchBytes);
        _batchBytes = 0;
        _chunk = [];
        _used = 0;
    }

    public ArenaSlice Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull)
        {
            return default;
        }

        return Copy(data);
    }

    public ArenaSlice Copy(ReadOnlySpan<byte> data)
    {
        if (_chunk.Length - _used < data.Length)
        {
            _chunk = new byte[Math.Max(data.Length, Math.Max(MinChunk, _lastBatchBytes - _batchBytes))];
            _used = 0;
        }

        var start = _used;
        data.CopyTo(_chunk.AsSpan(start));
        _used += data.Length;
        _batchBytes += data.Length;
        return new ArenaSlice(_chunk, start, data.Length);
    }
}
