using System.Buffers;
using System.Buffers.Binary;
using Kappa.Log.Abstractions;

namespace Kappa.Processor.Pipeline;

/// <summary>Where an outbox record goes.</summary>
internal enum OutboxDestination : byte
{
    /// <summary>A changelog record, whole.</summary>
    Changelog = 0,

    DeadLetters = 1,

    Late = 2,

    /// <summary>
    /// Changelog upserts of rows the same commit wrote and kept open, by reference: no key, and a value listing
    /// their row keys (see <see cref="OutboxRecord.AppendRowReference"/>). Each is rendered from its row when published.
    /// Until the outbox is cleared no later commit happens, so the store (or the cache) still holds every such row
    /// exactly as committed, and the rendering repeats the bytes whole records would have held; the commit's write
    /// batch carries lists of row keys (cut at <see cref="OutboxRecord.MaxStagedBytes"/>) instead of a JSON record per row.
    /// </summary>
    ChangelogRows = 3,

    /// <summary>
    /// Changelog upserts of rows the same commit closed (and so deletes), with their final states: no key, and a value
    /// listing row keys each with its stored state (see <see cref="OutboxRecord.AppendClosedRow"/>). Each is rendered
    /// from that state when published, to the bytes a whole <see cref="Changelog"/> record would have held; a commit
    /// that closes a million rows stages an array per <see cref="OutboxRecord.MaxStagedBytes"/>, not two per row.
    /// </summary>
    ClosedRows = 4,
}

/// <summary>
/// A record a task must publish: a row upsert, a dead letter or a late record. It is written to the task's
/// store in the same batch as the input that caused it and deleted only after the log acknowledged it, so it
/// is published at least once, and since republishing repeats identical bytes, in effect exactly once.
/// Layout: destination, partition (int32, -1 = by key), timestamp, key (int32 length, -1 = null), value
/// (int32 length, -1 = null), headers (int32 length, encoded as <see cref="RecordHeaders"/>).
/// </summary>
internal sealed record OutboxRecord(
    long Sequence,
    OutboxDestination Destination,
    int Partition,
    long Timestamp,
    byte[]? Key,
    byte[]? Value,
    byte[] Headers)
{
    /// <summary>
    /// The size past which a task cuts a list of staged rows (<see cref="OutboxDestination.ChangelogRows"/>,
    /// <see cref="OutboxDestination.ClosedRows"/>) into another record: a record holds this much plus the row that
    /// crossed it, so records stay under the 85,000 bytes from which .NET puts an array on the large object heap unless
    /// one row is large (an exact count_distinct, a wide top-N). A staged list lives from a commit to its publication:
    /// as a small object it dies young, where on the large object heap it would stay until the next full collection; a
    /// commit of a million rows would then leave tens of megabytes behind it, and set off blocking full collections.
    /// </summary>
    public const int MaxStagedBytes = 64 * 1024;

    /// <summary>Appends a row key to a <see cref="OutboxDestination.ChangelogRows"/> value being built.</summary>
    public static void AppendRowReference(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> rowKey)
    {
        BinaryPrimitives.WriteInt32BigEndian(output.GetSpan(sizeof(int)), rowKey.Length);
        output.Advance(sizeof(int));
        output.Write(rowKey);
    }

    /// <summary>Appends a closed row, its key then its state, to a <see cref="OutboxDestination.ClosedRows"/> value being built.</summary>
    public static void AppendClosedRow(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> rowKey, RowState row)
    {
        AppendRowReference(output, rowKey);

        var length = LengthPrefix.Reserve(output);
        row.Write(output);
        LengthPrefix.Complete(output, length);
    }

    /// <summary>
    /// A record of staged rows: the row keys <see cref="AppendRowReference"/> wrote (<see cref="OutboxDestination.ChangelogRows"/>)
    /// or the closed rows <see cref="AppendClosedRow"/> wrote (<see cref="OutboxDestination.ClosedRows"/>).
    /// </summary>
    public static OutboxRecord StagedRows(long sequence, OutboxDestination destination, int partition, ReadOnlySpan<byte> rows) =>
        destination is OutboxDestination.ChangelogRows or OutboxDestination.ClosedRows
            ? new(sequence, destination, partition, 0, null, rows.ToArray(), [])
            : throw new ArgumentOutOfRangeException(nameof(destination), destination, "only row keys and closed rows are staged");

    /// <summary>The next row key of a <see cref="OutboxDestination.ClosedRows"/> value at <paramref name="pos"/>, and its state.</summary>
    public static ReadOnlySpan<byte> NextClosedRow(ReadOnlySpan<byte> value, ref int pos, out ReadOnlySpan<byte> state)
    {
        var key = NextField(value, ref pos);
        state = NextField(value, ref pos);
        return key;
    }

    /// <summary>The next row key of a <see cref="OutboxDestination.ChangelogRows"/> value at <paramref name="pos"/>.</summary>
    public static ReadOnlySpan<byte> NextRowKey(ReadOnlySpan<byte> value, ref int pos) => NextField(value, ref pos);

    /// <summary>The length-prefixed (int32) bytes at <paramref name="pos"/>, which moves past them.</summary>
    private static ReadOnlySpan<byte> NextField(ReadOnlySpan<byte> value, ref int pos)
    {
        var length = BinaryPrimitives.ReadInt32BigEndian(value[pos..]);
        var field = value.Slice(pos + sizeof(int), length);
        pos += sizeof(int) + length;
        return field;
    }

    public int EncodedLength => 1 + 4 + 8 + 4 + (Key?.Length ?? 0) + 4 + (Value?.Length ?? 0) + 4 + Headers.Length;

    /// <summary>Appends the encoding to <paramref name="output"/>.</summary>
    public void Encode(IBufferWriter<byte> output)
    {
        var length = EncodedLength;
        Encode(output.GetSpan(length)[..length]);
        output.Advance(length);
    }

    private void Encode(Span<byte> span)
    {
        span[0] = (byte)Destination;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], Partition);
        BinaryPrimitives.WriteInt64BigEndian(span[5..], Timestamp);
        var pos = WriteBytes(span, 13, Key);
        pos = WriteBytes(span, pos, Value);
        WriteBytes(span, pos, Headers);
    }

    public static OutboxRecord Decode(long sequence, ReadOnlySpan<byte> stored)
    {
        var pos = 13;
        var key = ReadBytes(stored, ref pos);
        var value = ReadBytes(stored, ref pos);
        var headers = ReadBytes(stored, ref pos) ?? [];
        return new OutboxRecord(
            sequence,
            (OutboxDestination)stored[0],
            BinaryPrimitives.ReadInt32BigEndian(stored[1..]),
            BinaryPrimitives.ReadInt64BigEndian(stored[5..]),
            key,
            value,
            headers);
    }

    private static int WriteBytes(Span<byte> span, int pos, byte[]? bytes)
    {
        BinaryPrimitives.WriteInt32BigEndian(span[pos..], bytes?.Length ?? -1);
        bytes?.CopyTo(span[(pos + 4)..]);
        return pos + 4 + (bytes?.Length ?? 0);
    }

    private static byte[]? ReadBytes(ReadOnlySpan<byte> span, ref int pos)
    {
        var length = BinaryPrimitives.ReadInt32BigEndian(span[pos..]);
        pos += 4;
        if (length < 0)
        {
            return null;
        }

        var bytes = span.Slice(pos, length).ToArray();
        pos += length;
        return bytes;
    }
}
