using System.Globalization;
using System.Text;
using Kappa.Processor.Events;

namespace Kappa.Processor.Pipeline;

/// <summary>Reads an event time from a field: Unix milliseconds, or an ISO-8601 timestamp with an offset.</summary>
internal static class EventTime
{
    public static bool TryRead(in FieldValue field, out long timestampMs, out string? error)
    {
        timestampMs = 0;
        error = null;
        switch (field.Kind)
        {
            case FieldKind.Number when !field.IsApproximate && field.Number == decimal.Truncate(field.Number)
                && field.Number is >= long.MinValue and <= long.MaxValue:
                timestampMs = (long)field.Number;
                return true;
            case FieldKind.Text:
                Span<char> chars = stackalloc char[64];
                if (field.Utf8.Length <= chars.Length
                    && Encoding.UTF8.TryGetChars(field.Utf8.Span, chars, out var length)
                    && DateTimeOffset.TryParse(chars[..length], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
                {
                    timestampMs = time.ToUnixTimeMilliseconds();
                    return true;
                }

                break;
            case FieldKind.Missing:
                error = "the time field is missing";
                return false;
        }

        error = $"the time field holds {field} ({field.Kind.ToString().ToLowerInvariant()}), neither Unix milliseconds nor an ISO-8601 timestamp";
        return false;
    }
}
