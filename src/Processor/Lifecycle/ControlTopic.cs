using System.Text;
using System.Text.Json;
using Kappa.Contracts;
using Kappa.Contracts.Lifecycle;
using Kappa.Log.Abstractions;

namespace Kappa.Processor.Lifecycle;

/// <summary>
/// The control topic <c>_kappa.views</c>: one partition, so every server folds the same events in the same order;
/// never compacted, because the state is the fold of every event, not the last value per key. Values are
/// <see cref="ControlEvent"/>s in <see cref="KappaJson"/>; keys are view names, for people reading the topic.
/// </summary>
public static class ControlTopic
{
    /// <summary>The topic name.</summary>
    public const string Name = "_kappa.views";

    /// <summary>The topic's shape.</summary>
    public static TopicSpec Spec { get; } = new(Name, 1);

    /// <summary>The record of an event.</summary>
    public static ProducerRecord ToRecord(ControlEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new ProducerRecord(
            Encoding.UTF8.GetBytes(e.View),
            JsonSerializer.SerializeToUtf8Bytes(e, KappaJson.Options),
            e.At.ToUnixTimeMilliseconds(),
            Partition: 0);
    }

    /// <summary>The event a record holds, or null with the reason when it holds none (such a record is skipped).</summary>
    public static ControlEvent? Read(ReadOnlyMemory<byte>? value, out string? error)
    {
        error = null;
        if (value is not { } bytes)
        {
            error = "the record has no value";
            return null;
        }

        try
        {
            var e = JsonSerializer.Deserialize<ControlEvent>(bytes.Span, KappaJson.Options);
            if (e is null || string.IsNullOrEmpty(e.View) || string.IsNullOrEmpty(e.Type))
            {
                error = "the record is not a control event";
                return null;
            }

            return e;
        }
        catch (JsonException ex)
        {
            error = $"the record is not a control event: {ex.Message}";
            return null;
        }
    }
}
