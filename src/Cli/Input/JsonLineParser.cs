using System.Text.Json;
using Kappa.Contracts;
using Kappa.Contracts.Topics;

namespace Kappa.Cli.Input;

/// <summary>
/// Turns one line of JSON Lines input into a record to produce: the whole object is the value,
/// <c>--key</c> names the field that becomes the key, <c>--time</c> the field that becomes the event time
/// (Unix milliseconds, or an ISO-8601 string with an offset).
/// </summary>
internal sealed class JsonLineParser(string? keyField, string? timeField)
{
    /// <summary>Parses a line; on failure returns null and the reason in <paramref name="error"/>.</summary>
    public ProduceRecord? Parse(string line, out string? error)
    {
        error = null;
        JsonElement value;
        try
        {
            using var document = JsonDocument.Parse(line);
            value = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            error = $"not valid JSON: {e.Message}";
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            error = $"expected a JSON object, got {value.ValueKind.ToString().ToLowerInvariant()}";
            return null;
        }

        string? key = null;
        if (keyField is not null)
        {
            if (!value.TryGetProperty(keyField, out var keyElement) || keyElement.ValueKind == JsonValueKind.Null)
            {
                error = $"no key field '{keyField}'";
                return null;
            }

            key = keyElement.ValueKind == JsonValueKind.String ? keyElement.GetString() : keyElement.GetRawText();
        }

        long? timestamp = null;
        if (timeField is not null)
        {
            if (!value.TryGetProperty(timeField, out var timeElement))
            {
                error = $"no time field '{timeField}'";
                return null;
            }

            timestamp = ParseTime(timeElement, out error);
            if (timestamp is null)
            {
                return null;
            }
        }

        return new ProduceRecord(key, value, timestamp);
    }

    private long? ParseTime(JsonElement element, out string? error)
    {
        error = null;
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var millis) && EventTimestamps.InRange(millis))
        {
            return millis;
        }

        if (element.ValueKind == JsonValueKind.String && EventTimestamps.TryParseIso8601(element.GetString(), out var parsed))
        {
            return parsed;
        }

        error = $"time field '{timeField}' is neither Unix milliseconds nor an ISO-8601 timestamp with date, time and offset (years 1000 to 9000)";
        return null;
    }
}
