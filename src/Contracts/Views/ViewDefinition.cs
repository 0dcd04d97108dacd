namespace Kappa.Contracts.Views;

/// <summary>
/// What a view computes: events of <see cref="Source"/>, grouped by record key, counted per tumbling
/// event-time window of <see cref="Window"/>. This is the walking-path shape; filters, fields as keys,
/// calendar windows and more aggregates extend it.
/// </summary>
/// <param name="Name">The view name: letters, digits and '_', used in topic and folder names.</param>
/// <param name="Source">The topic the view reads.</param>
/// <param name="Window">The tumbling window size; positive, a whole number of milliseconds.</param>
public sealed record ViewDefinition(string Name, string Source, TimeSpan Window)
{
    /// <summary>The changelog topic that carries version <paramref name="version"/>'s row upserts.</summary>
    public string ChangelogTopic(int version) => $"_kappa.view.{Name}.v{version}";

    /// <summary>Throws <see cref="ArgumentException"/> with a clear reason when the definition is unusable.</summary>
    public void Validate()
    {
        if (string.IsNullOrEmpty(Name) || !Name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException($"view name '{Name}' must be letters, digits and '_'");
        }

        if (string.IsNullOrEmpty(Source))
        {
            throw new ArgumentException($"view '{Name}' has no source topic");
        }

        if (Window <= TimeSpan.Zero || Window.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentException($"view '{Name}' window must be a positive whole number of milliseconds");
        }
    }
}
