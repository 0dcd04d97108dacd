namespace Kappa.Processor.Windows;

/// <summary>
/// Assigns an event to the windows it belongs to, from its event timestamp alone. Assigners are
/// pure functions of the timestamp (no wall clock, no per-key state), so a replay of the same log
/// yields the same windows. Instances are immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// Windows that depend on the other events of a key (sessions, sliding windows) are not assigners:
/// see <see cref="SessionWindows"/> and <see cref="SlidingWindows"/>.
/// </remarks>
public interface IWindowAssigner
{
    /// <summary>
    /// Appends to <paramref name="windows"/> every window that contains <paramref name="timestampMs"/>
    /// (Unix milliseconds UTC), in ascending <see cref="Window.Start"/> order. Appends nothing when the
    /// timestamp belongs to no window (possible for assigners that leave gaps, such as business hours).
    /// The list is not cleared first. Allocates nothing when the list has capacity.
    /// </summary>
    void Assign(long timestampMs, List<Window> windows);

    /// <summary>
    /// A short, stable, human-readable description such as <c>hopping(size=10m, advance=1m)</c>.
    /// It is recorded in view metadata, so it does not depend on culture or machine.
    /// </summary>
    string Description { get; }

    /// <summary>
    /// An upper bound on the length (<see cref="Window.LengthMs"/>) of any window this assigner can
    /// produce, for sizing retention. Exact for fixed-size windows; a safe bound for calendar windows.
    /// </summary>
    long MaxSizeMs { get; }
}
