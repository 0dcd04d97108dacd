namespace Kappa.Contracts.Definitions;

/// <summary>The shape of a view's event-time windows.</summary>
public enum WindowKind
{
    /// <summary>Fixed-size, non-overlapping, aligned to the Unix epoch.</summary>
    Tumbling,

    /// <summary>Fixed-size, overlapping, starting every advance, aligned to the Unix epoch.</summary>
    Hopping,

    /// <summary>Fixed-size, one per event, covering the size before the event (a moving window).</summary>
    Sliding,

    /// <summary>Per key, events closer than the gap in event time share a window.</summary>
    Session,

    /// <summary>Calendar periods (hour, day, week, month) in the view's time zone.</summary>
    Calendar,
}
