using System.Buffers.Binary;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// A task's progress, committed in the same batch as its rows: the next input offset, the next outbox
/// sequence, the newest event time seen (the watermark is derived from it, so it is reproduced exactly on
/// restart and replay) and the accounting counters.
/// </summary>
internal record struct TaskMeta(long NextOffset, long NextSequence, long MaxEventTime, TaskCounters Counters)
{
    public const int EncodedLength = 8 * 8;

    public static TaskMeta Initial => new(-1, 0, long.MinValue, default);

    public readonly void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteInt64BigEndian(destination, NextOffset);
        BinaryPrimitives.WriteInt64BigEndian(destination[8..], NextSequence);
        BinaryPrimitives.WriteInt64BigEndian(destination[16..], MaxEventTime);
        BinaryPrimitives.WriteInt64BigEndian(destination[24..], Counters.In);
        BinaryPrimitives.WriteInt64BigEndian(destination[32..], Counters.Applied);
        BinaryPrimitives.WriteInt64BigEndian(destination[40..], Counters.Filtered);
        BinaryPrimitives.WriteInt64BigEndian(destination[48..], Counters.DeadLettered);
        BinaryPrimitives.WriteInt64BigEndian(destination[56..], Counters.Late);
    }

    public static TaskMeta Read(ReadOnlySpan<byte> stored) => new(
        BinaryPrimitives.ReadInt64BigEndian(stored),
        BinaryPrimitives.ReadInt64BigEndian(stored[8..]),
        BinaryPrimitives.ReadInt64BigEndian(stored[16..]),
        new TaskCounters(
            BinaryPrimitives.ReadInt64BigEndian(stored[24..]),
            BinaryPrimitives.ReadInt64BigEndian(stored[32..]),
            BinaryPrimitives.ReadInt64BigEndian(stored[40..]),
            BinaryPrimitives.ReadInt64BigEndian(stored[48..]),
            BinaryPrimitives.ReadInt64BigEndian(stored[56..])));
}
