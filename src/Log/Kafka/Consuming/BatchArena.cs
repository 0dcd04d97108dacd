using Confluent.Kafka;

namespace Kappa.Log.Kafka.Consuming;

/// <summary>
/// The buffers of one <see cref="Abstractions.RecordBatch"/>: Confluent.Kafka hands each key and value to this
/// deserializer as a span over librdkafka's memory, and it copies them into 64 KiB chunks instead of one array per
/// field. Chunks stay below the large object heap, so a batch's buffers die young. <see cref="Start"/> begins a
/// batch with a fresh chunk, because the records of the previous batch keep viewing theirs. Used by one consumer
/// thread at a time.
/// </summary>
internal sealed class BatchArena : IDeserializer<ArenaSlice>
{
    private const int ChunkBytes = 64 * 1024;
    private byte[] _chunk = [];
    private int _used;

    /// <summary>Starts a new batch: nothing written from now on shares a chunk with the previous batch.</summary>
    public void Start()
    {
        _chunk = [];
        _used = 0;
    }

    public ArenaSlice Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
        isNull ? default : Copy(data);

    public ArenaSlice Copy(ReadOnlySpan<byte> data)
    {
        if (_chunk.Length - _used < data.Length)
        {
            _chunk = new byte[Math.Max(data.Length, ChunkBytes)];
            _used = 0;
        }

        var start = _used;
        data.CopyTo(_chunk.AsSpan(start));
        _used += data.Length;
        return new ArenaSlice(_chunk, start, data.Length);
    }
}
