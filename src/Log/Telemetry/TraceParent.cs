using System.Buffers;
using System.Diagnostics;
using Kappa.Log.Abstractions;

namespace Kappa.Log.Telemetry;

/// <summary>
/// The W3C trace context's <c>traceparent</c> (https://www.w3.org/TR/trace-context/#traceparent-header) as a record
/// header, the way OpenTelemetry's Kafka instrumentations carry it: <c>00-{trace id}-{span id}-{flags}</c> in lowercase
/// hex, UTF-8. Reading never allocates, so a consumer can look at every record's headers.
/// </summary>
public static class TraceParent
{
    /// <summary>The header name.</summary>
    public const string HeaderName = "traceparent";

    /// <summary>The length of a version 00 value.</summary>
    public const int Length = 55;

    private static readonly SearchValues<byte> LowerHex = SearchValues.Create("0123456789abcdef"u8);

    private static ReadOnlySpan<byte> HeaderNameUtf8 => "traceparent"u8;

    /// <summary>The header carrying <paramref name="context"/>. Allocates its 55 bytes: once per append, not per record.</summary>
    public static RecordHeader Header(in ActivityContext context) => new(HeaderName, Format(context));

    /// <summary>Reads the record's <c>traceparent</c> header; false when it has none or it is malformed.</summary>
    public static bool TryRead(in RecordHeaders headers, out ActivityContext context)
    {
        context = default;
        return !headers.IsEmpty && headers.TryFind(HeaderNameUtf8, out var value) && TryParse(value.Span, out context);
    }

    /// <summary>Formats a context as a version 00 <c>traceparent</c> value.</summary>
    public static byte[] Format(in ActivityContext context)
    {
        var value = new byte[Length];
        "00-"u8.CopyTo(value);
        Span<byte> raw = stackalloc byte[16];
        context.TraceId.CopyTo(raw);
        WriteHex(raw, value.AsSpan(3, 32));
        value[35] = (byte)'-';
        context.SpanId.CopyTo(raw[..8]);
        WriteHex(raw[..8], value.AsSpan(36, 16));
        value[52] = (byte)'-';
        raw[0] = (byte)context.TraceFlags;
        WriteHex(raw[..1], value.AsSpan(53, 2));
        return value;
    }

    /// <summary>
    /// Parses a <c>traceparent</c> value by the specification's rules: lowercase hex, version <c>ff</c> refused, version
    /// 00 exactly 55 bytes (a later version may append fields after a dash), trace and span ids not all zeros.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> value, out ActivityContext context)
    {
        context = default;
        if (value.Length < Length || value[2] != '-' || value[35] != '-' || value[52] != '-'
            || !TryReadHex(value[..2], out var version) || version == 0xff
            || (version == 0 ? value.Length != Length : value.Length > Length && value[Length] != '-')
            || !IsHex(value.Slice(3, 32)) || !IsHex(value.Slice(36, 16))
            || !TryReadHex(value.Slice(53, 2), out var flags))
        {
            return false;
        }

        var traceId = value.Slice(3, 32);
        var spanId = value.Slice(36, 16);
        if (traceId.IndexOfAnyExcept((byte)'0') < 0 || spanId.IndexOfAnyExcept((byte)'0') < 0)
        {
            return false;
        }

        context = new ActivityContext(
            ActivityTraceId.CreateFromUtf8String(traceId),
            ActivitySpanId.CreateFromUtf8String(spanId),
            (ActivityTraceFlags)(flags & (int)ActivityTraceFlags.Recorded),
            traceState: null,
            isRemote: true);
        return true;
    }

    private static bool IsHex(ReadOnlySpan<byte> text) => text.IndexOfAnyExcept(LowerHex) < 0;

    private static bool TryReadHex(ReadOnlySpan<byte> pair, out int value)
    {
        value = 0;
        if (!IsHex(pair))
        {
            return false;
        }

        value = (Nibble(pair[0]) << 4) | Nibble(pair[1]);
        return true;
    }

    private static int Nibble(byte hex) => hex <= '9' ? hex - '0' : hex - 'a' + 10;

    private static void WriteHex(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            destination[2 * i] = (byte)"0123456789abcdef"[bytes[i] >> 4];
            destination[(2 * i) + 1] = (byte)"0123456789abcdef"[bytes[i] & 0xf];
        }
    }
}
