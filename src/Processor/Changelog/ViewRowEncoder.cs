using System.Buffers;
using System.Text;
using System.Text.Json;
using Kappa.Contracts.Views;

namespace Kappa.Processor.Changelog;

/// <summary>
/// Renders a row as the JSON value of its changelog record, in the shape of <see cref="ViewRow"/>.
/// Deterministic: the same row always renders to the same bytes (fixed property order, invariant
/// formats), which is what lets a replayed view be byte-identical to the live one.
/// </summary>
internal sealed class ViewRowEncoder(TimeSpan window)
{
    private readonly long _windowMs = (long)window.TotalMilliseconds;
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public byte[] Render(byte[] rowKey, long count)
    {
        var (key, windowStart) = RowKey.Decode(rowKey);
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("key", Encoding.UTF8.GetString(key));
            writer.WriteString("window_start", DateTimeOffset.FromUnixTimeMilliseconds(windowStart));
            writer.WriteString("window_end", DateTimeOffset.FromUnixTimeMilliseconds(windowStart + _windowMs));
            writer.WriteStartObject("values");
            writer.WriteNumber("count", count);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return _buffer.WrittenSpan.ToArray();
    }
}
