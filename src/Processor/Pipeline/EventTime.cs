using System.Text;
using Kappa.Contracts;
using Kappa.Processor.Events;

namespace Kappa.Processor.Pipeline;

/// <summary>
/// Reads an event time from a field: Unix milliseconds, or an ISO-8601 timestamp with date, time and offset,
/// within <see cref="EventTimestamps"/>' range. Anything else is the event's fault: a dead letter.
/// </summary>
internal static class EventTime
{
    public static bool TryRead(in FieldValue field, out long timestampMs, out string? error)
    {
        timestampMs = 0;
        error = null;
        switch (field.Kind)
        {
            case FieldKind.Number when !field.IsApproximate && field.Number == decimal.Truncate(field.Number):
                if (field.Number >= EventTimestamps.MinMs && field.Number <= EventTimestamps.MaxMs)
                {
                    timestampMs = (long)field.Number;
                    return true;
                }

                error = $"the time field holds {field}, outside the accepted years 1000 to 9000";
                return false;
            case FieldKind.Text:
                Span<char> chars = stackalloc char[64];
                if (field.Utf8.Length <= chars.Length
                    && Encoding.UTF8.TryGetChars(field.Utf8.Span, chars, out var length)
                    && EventTimestamps.TryParseIso8601(chars[..length], out timestampMs))
                {
                    return true;
                }

                break;
            case FieldKind.Missing:
                error = "the time field is missing";
                return false;
        }

        error = $"the time field holds {field} ({field.Kind.ToString().ToLowerInvariant()}), neither Unix milliseconds nor an ISO-8601 timestamp with date, time and offset (years 1000 to 9000)";
        return false;
    }
}
