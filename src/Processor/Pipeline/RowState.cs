using System.Buffers;
using System.Buffers.Binary;
using Kappa.Processor.Aggregates;
using Kappa.Processor.Windows;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// The aggregates of one key in one window, as a task holds them. Stored layout:
/// <c>int64 start, int64 end, then per aggregate: int32 length, state bytes</c>, big-endian. The layout is
/// deterministic because each aggregate's state bytes are.
/// </summary>
internal sealed class RowState(Window window, IAggregateState[] states)
{
    /// <summary>
    /// The row's window. Fixed for assigned windows; a session row's end grows in place when an event extends the
    /// session (its start, part of the row key, never changes: a session whose start moves becomes a new row).
    /// </summary>
    public Window Window { get; set; } = window;

    public IAggregateState[] States { get; } = states;

    public bool Dirty { get; set; }

    /// <summary>
    /// Whether RocksDB holds this row and its close-index entry: true once read from or written to the store.
    /// A commit writes the close-index entry only for rows not stored yet. The entry changes only when a session
    /// row's window end moves: the session path then deletes the old entry in the next commit and clears this
    /// flag, so the commit writes the new one.
    /// </summary>
    public bool Stored { get; set; }

    /// <summary>
    /// Whether a session merge absorbed this row into another: it is out of the cache and must be neither written
    /// nor published (see <see cref="RowCache.Retire"/>).
    /// </summary>
    public bool Retired { get; set; }

    public static RowState Create(Window window, IReadOnlyList<IAggregateFunction> aggregates)
    {
        var states = new IAggregateState[aggregates.Count];
        for (var i = 0; i < states.Length; i++)
        {
            states[i] = aggregates[i].CreateState();
        }

        return new RowState(window, states);
    }

    public static RowState Read(ReadOnlySpan<byte> stored, IReadOnlyList<IAggregateFunction> aggregates)
    {
        var window = new Window(BinaryPrimitives.ReadInt64BigEndian(stored), BinaryPrimitives.ReadInt64BigEndian(stored[8..]));
        var states = new IAggregateState[aggregates.Count];
        var pos = 16;
        for (var i = 0; i < states.Length; i++)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(stored[pos..]);
            states[i] = aggregates[i].ReadState(stored.Slice(pos + 4, length));
            pos += 4 + length;
        }

        return new RowState(window, states);
    }

    public void Write(ArrayBufferWriter<byte> output)
    {
        var header = output.GetSpan(16);
        BinaryPrimitives.WriteInt64BigEndian(header, Window.Start);
        BinaryPrimitives.WriteInt64BigEndian(header[8..], Window.End);
        output.Advance(16);
        foreach (var state in States)
        {
            var length = LengthPrefix.Reserve(output);
            state.Write(output);
            LengthPrefix.Complete(output, length);
        }
    }
}
