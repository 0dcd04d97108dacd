namespace Kappa.Log.Kafka.Consuming;

/// <summary>Where a deserialized key or value landed in a <see cref="BatchArena"/>; <see cref="Chunk"/> is null for a null field.</summary>
internal readonly record struct ArenaSlice(byte[]? Chunk, int Start, int Length)
{
    // The cast matters: a bare null would convert through byte[] to an empty, non-null memory.
    public ReadOnlyMemory<byte>? Memory => Chunk is null ? (ReadOnlyMemory<byte>?)null : new ReadOnlyMemory<byte>(Chunk, Start, Length);
}
