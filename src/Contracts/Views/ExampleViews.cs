namespace Kappa.Contracts.Views;

/// <summary>The views <c>kappa run</c> starts with when none are configured.</summary>
public static class ExampleViews
{
    /// <summary>Counts the events of topic <c>events</c> per key per event-time hour.</summary>
    public static ViewDefinition EventsPerKeyHourly { get; } = new("events_per_key_hourly", "events", TimeSpan.FromHours(1));
}
