using System.Buffers;
using System.Text.Json;
using Kappa.Processor.Aggregates;
using Kappa.Processor.Windows;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// Renders rows as JSON in the shape of <see cref="Contracts.Views.ViewRow"/>, with a fixed property order and
/// invariant formats, so the same row always renders to the same bytes. A <em>partial</em> row, as a task
/// publishes it to the changelog, also names its source partition and carries its aggregate states (base64),
/// from which the materializer merges the partials of every partition into the final row.
/// Not thread-safe: one renderer per task or materializer.
/// </summary>
public sealed class RowRenderer
{
    private readonly CompiledView _view;
    private readonly JsonEncodedText[] _names;
    private readonly ArrayBufferWriter<byte> _json = new(512);
    private readonly ArrayBufferWriter<byte> _state = new(256);
    private Utf8JsonWriter? _writer;

    /// <summary>Creates a renderer for a view.</summary>
    public RowRenderer(CompiledView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        _view = view;
        _names = [.. view.Aggregates.Select(a => JsonEncodedText.Encode(a.Name))];
    }

    internal byte[] RenderPartial(ReadOnlySpan<byte> key, RowState row, int partition)
    {
        _json.ResetWrittenCount();
        RenderPartial(key, row, partition, _json);
        return _json.WrittenSpan.ToArray();
    }

    /// <summary>Appends the partial row's JSON to <paramref name="output"/>; the same bytes as the array form.</summary>
    internal void RenderPartial(ReadOnlySpan<byte> key, RowState row, int partition, IBufferWriter<byte> output)
    {
        _state.ResetWrittenCount();
        row.Write(_state);
        Render(key, row.Window, row.States, partition, _state.WrittenSpan, output);
    }

    /// <summary>
    /// Merges partial states (as carried by changelog records) into the final row JSON of one key and window.
    /// </summary>
    /// <exception cref="FormatException">A partial state is not one of this view's.</exception>
    public byte[] RenderMerged(ReadOnlySpan<byte> key, IReadOnlyList<byte[]> partialStates)
    {
        _json.ResetWrittenCount();
        RenderMerged(key, partialStates, _json);
        return _json.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Appends the merged row's JSON to <paramref name="output"/>; the same bytes as the array form. The states are
    /// merged before anything is written, so a merge that fails leaves <paramref name="output"/> as it was.
    /// </summary>
    /// <exception cref="FormatException">A partial state is not one of this view's.</exception>
    /// <exception cref="AggregateInputException">The partials' aggregates cannot be combined.</exception>
    public void RenderMerged(ReadOnlySpan<byte> key, IReadOnlyList<byte[]> partialStates, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(partialStates);
        ArgumentNullException.ThrowIfNull(output);
        var merged = RowState.Read(partialStates[0], _view.Aggregates);
        for (var i = 1; i < partialStates.Count; i++)
        {
            var other = RowState.Read(partialStates[i], _view.Aggregates);
            for (var a = 0; a < merged.States.Length; a++)
            {
                merged.States[a].Merge(other.States[a]);
            }
        }

        Render(key, merged.Window, merged.States, partition: null, state: default, output);
    }

    /// <summary>
    /// Merges the session partials of one key (as carried by changelog records, from every source partition) into
    /// the key's sessions: windows that overlap or touch are one session. Returns each session's start and row JSON,
    /// ascending by start.
    /// </summary>
    /// <exception cref="FormatException">A partial state is not one of this view's.</exception>
    /// <exception cref="AggregateInputException">Two partials' aggregates cannot be combined.</exception>
    public IReadOnlyList<(long Start, byte[] Json)> RenderSessions(ReadOnlySpan<byte> key, IReadOnlyList<byte[]> partialStates)
    {
        ArgumentNullException.ThrowIfNull(partialStates);
        var rows = new List<(long, byte[])>();
        foreach (var session in SessionPartials.Merge(partialStates, _view.Aggregates))
        {
            _json.ResetWrittenCount();
            Render(key, session.Window, session.States, partition: null, state: default, _json);
            rows.Add((session.Window.Start, _json.WrittenSpan.ToArray()));
        }

        return rows;
    }

    /// <summary>
    /// Renders the sliding windows of one key that changes to its 1 ms buckets at <paramref name="changedTimes"/> may
    /// have created or changed, each merged from its member buckets of every source partition (see
    /// <see cref="SlidingPartials"/>). Returns each window's start and row JSON, ascending by start; a window whose
    /// buckets cannot be merged is left out and the reason added to <paramref name="unmergeable"/>.
    /// </summary>
    /// <param name="key">The group key.</param>
    /// <param name="buckets">The key's bucket partials (time, state as carried by changelog records), ascending by time;
    /// at least those within <c>d + 1</c> ms of a changed time.</param>
    /// <param name="changedTimes">The bucket times that changed.</param>
    /// <param name="unmergeable">Where the reasons for windows left out go.</param>
    /// <exception cref="InvalidOperationException">The view has no sliding windows.</exception>
    /// <exception cref="FormatException">A partial state is not one of this view's.</exception>
    public IReadOnlyList<(long Start, byte[] Json)> RenderSliding(
        ReadOnlySpan<byte> key,
        IReadOnlyList<(long Time, byte[] State)> buckets,
        IReadOnlyCollection<long> changedTimes,
        ICollection<string> unmergeable)
    {
        ArgumentNullException.ThrowIfNull(unmergeable);
        var sliding = _view.Sliding ?? throw new InvalidOperationException($"view '{_view.Name}' has no sliding windows");
        var rows = new List<(long, byte[])>();
        foreach (var (window, row, error) in SlidingPartials.Combine(sliding, buckets, changedTimes, _view.Aggregates))
        {
            if (row is null)
            {
                unmergeable.Add(error!);
                continue;
            }

            _json.ResetWrittenCount();
            Render(key, window, row.States, partition: null, state: default, _json);
            rows.Add((window.Start, _json.WrittenSpan.ToArray()));
        }

        return rows;
    }

    /// <summary>Reads the partition and the state of a partial row from its changelog JSON.</summary>
    /// <exception cref="FormatException">The JSON is not a partial row.</exception>
    public static (int Partition, byte[] State) ReadPartial(ReadOnlySpan<byte> json) => ReadPartial(json, out _);

    /// <summary>
    /// Reads the partition and the state of a partial row from its changelog JSON, and where the row as its partition
    /// rendered it ends: <paramref name="rowEnd"/> is the length of the JSON before <c>,"partition"</c> when the record
    /// ends as <see cref="RenderPartial(ReadOnlySpan{byte}, RowState, int)"/> ends it (the values object, then the
    /// partition and the state, nothing between or after), and -1 otherwise (see <see cref="RowOfPartial"/>).
    /// </summary>
    /// <exception cref="FormatException">The JSON is not a partial row.</exception>
    public static (int Partition, byte[] State) ReadPartial(ReadOnlySpan<byte> json, out int rowEnd)
    {
        rowEnd = -1;
        try
        {
            var reader = new Utf8JsonReader(json);
            int? partition = null;
            byte[]? state = null;
            int property = 0, partitionProperty = -1, stateProperty = -1, partitionStart = -1, stateEnd = -1;
            reader.Read();
            for (; reader.Read() && reader.TokenType == JsonTokenType.PropertyName; property++)
            {
                if (reader.ValueTextEquals("partition"u8))
                {
                    (partitionProperty, partitionStart) = (property, (int)reader.TokenStartIndex);
                    reader.Read();
                    partition = reader.GetInt32();
                }
                else if (reader.ValueTextEquals("state"u8))
                {
                    stateProperty = property;
                    reader.Read();
                    state = reader.GetBytesFromBase64();
                    stateEnd = (int)reader.TokenStartIndex + reader.ValueSpan.Length + 2;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (partition is not { } p || state is null)
            {
                throw new FormatException("a partial row needs 'partition' and 'state'");
            }

            // The renderer's ending exactly: ...},"partition":N,"state":"..."} with nothing after, nor between.
            if (partitionProperty > 0 && stateProperty == partitionProperty + 1 && property == stateProperty + 1
                && stateEnd == json.Length - 1 && json[^1] == (byte)'}' && json[partitionStart - 1] == (byte)',' && json[partitionStart - 2] == (byte)'}')
            {
                rowEnd = partitionStart - 1;
            }

            return (p, state);
        }
        catch (JsonException e)
        {
            throw new FormatException($"a partial row is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>
    /// The final row of a key and window that only one source partition contributed to: its partial row without the
    /// partition and the state, which are the same bytes <see cref="RenderMerged(ReadOnlySpan{byte}, IReadOnlyList{byte[]})"/> renders from that one state. Spares
    /// the materializer reading the state into aggregates and rendering them again, for every row of a view grouped by
    /// its source's key.
    /// <para>
    /// Holds because the same renderer wrote both and a state reads back to the aggregates it was written from (every
    /// <see cref="Aggregates.IAggregateState"/> must round-trip what <c>WriteResult</c> shows; the pipeline tests check
    /// it for every partial they publish). Both hold within one build: a processor and a views server of builds whose
    /// renderers differ would show a one-partial row the processor's way and a merged row the server's.
    /// </para>
    /// </summary>
    /// <param name="rowPart">The partial row's changelog JSON up to where its row ends (<c>json[..rowEnd]</c>, from
    /// <see cref="ReadPartial(ReadOnlySpan{byte}, out int)"/>); not empty.</param>
    /// <param name="output">Where the row goes.</param>
    public static void RowOfPartial(ReadOnlySpan<byte> rowPart, IBufferWriter<byte> output)
    {
        ArgumentOutOfRangeException.ThrowIfZero(rowPart.Length);
        ArgumentNullException.ThrowIfNull(output);
        var row = output.GetSpan(rowPart.Length + 1);
        rowPart.CopyTo(row);
        row[rowPart.Length] = (byte)'}';
        output.Advance(rowPart.Length + 1);
    }

    private void Render(ReadOnlySpan<byte> key, Window window, IAggregateState[] states, int? partition, ReadOnlySpan<byte> state, IBufferWriter<byte> output)
    {
        // One writer, reset per row: a row is rendered per change, so a new writer each time would be garbage.
        var writer = _writer ??= new Utf8JsonWriter(output);
        writer.Reset(output);
        writer.WriteStartObject();
        writer.WriteString("key"u8, key);
        writer.WriteString("window_start"u8, DateTimeOffset.FromUnixTimeMilliseconds(window.Start));
        writer.WriteString("window_end"u8, DateTimeOffset.FromUnixTimeMilliseconds(window.End));
        writer.WriteStartObject("values"u8);
        for (var i = 0; i < states.Length; i++)
        {
            writer.WritePropertyName(_names[i]);
            states[i].WriteResult(writer);
        }

        writer.WriteEndObject();
        if (partition is { } p)
        {
            writer.WriteNumber("partition"u8, p);
            writer.WriteBase64String("state"u8, state);
        }

        writer.WriteEndObject();
        writer.Flush();
    }
}
