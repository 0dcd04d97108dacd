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

    /// <summary>
    /// The row key, as the task's cache keeps it: set when the row enters the cache (<see cref="RowCache.Add(ReadOnlySpan{byte}, RowState)"/>), which
    /// holds each row under one key; empty until then.
    /// </summary>
    public byte[] Key { get; set; } = [];

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

    /// <summary>Reads a row in the stored layout.</summary>
    /// <exception cref="FormatException">The bytes are not a row of these aggregates: too short, a length out of range,
    /// bytes left over, or a state its aggregate cannot read. Partial states come from changelog records, which anyone
    /// may write to, so a reader must be able to refuse them.</exception>
    public static RowState Read(ReadOnlySpan<byte> stored, IReadOnlyList<IAggregateFunction> aggregates)
    {
        if (stored.Length < 16)
        {
            throw new FormatException($"a stored row has {stored.Length} bytes, fewer than its window's 16");
        }

        var window = new Window(BinaryPrimitives.ReadInt64BigEndian(stored), BinaryPrimitives.ReadInt64BigEndian(stored[8..]));
        var states = new IAggregateState[aggregates.Count];
        var pos = 16;
        for (var i = 0; i < states.Length; i++)
        {
            var length = stored.Length - pos >= 4 ? BinaryPrimitives.ReadInt32BigEndian(stored[pos..]) : -1;
            if (length < 0 || length > stored.Length - pos - 4)
            {
                throw new FormatException($"a stored row ends before the state of its aggregate {i + 1} of {states.Length}");
            }

            states[i] = aggregates[i].ReadState(stored.Slice(pos + 4, length));
            pos += 4 + length;
        }

        return pos == stored.Length
            ? new RowState(window, states)
            : throw new FormatException($"a stored row has {stored.Length - pos} bytes after its states");
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
