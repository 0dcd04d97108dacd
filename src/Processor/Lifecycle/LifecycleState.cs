using System.Collections.Immutable;
using Kappa.Contracts.Lifecycle;

namespace Kappa.Processor.Lifecycle;

/// <summary>
/// The fold of the control topic up to <see cref="NextOffset"/>: every view's versions and its active one.
/// Immutable: a reader holding a state sees one consistent moment, and a swap is one reference assignment.
/// <para>
/// Transition rules, applied identically by every server, so all agree on the outcome of any event order:
/// <list type="bullet">
/// <item><c>created</c> adds a version in <c>building</c>; a number already used is ignored (the first writer wins).</item>
/// <item><c>ready</c> moves <c>building</c> to <c>ready</c> and records the gate report; on <c>ready</c> it updates the report.</item>
/// <item><c>activated</c> makes a <c>ready</c> or <c>retired</c> version active and retires the one before; a <c>building</c>
/// version only when the view has no active version yet (the first version of a view serves while it catches up).</item>
/// <item><c>dropped</c> drops any version but the active one.</item>
/// </list>
/// Any other event is ignored, and <see cref="Apply"/> says why.
/// </para>
/// </summary>
public sealed class LifecycleState
{
    private LifecycleState(ImmutableSortedDictionary<string, ViewHistory> views, long nextOffset)
    {
        Views = views;
        NextOffset = nextOffset;
    }

    /// <summary>The state before any event.</summary>
    public static LifecycleState Empty { get; } = new(ImmutableSortedDictionary.Create<string, ViewHistory>(StringComparer.Ordinal), 0);

    /// <summary>Every view with at least one version, by name.</summary>
    public ImmutableSortedDictionary<string, ViewHistory> Views { get; }

    /// <summary>The control-topic offset after the last event folded in.</summary>
    public long NextOffset { get; }

    /// <summary>The active version of a view, or null.</summary>
    public int? ActiveVersion(string view) => Views.TryGetValue(view, out var history) ? history.Active : null;

    /// <summary>A version, or null when it never existed.</summary>
    public VersionInfo? Find(string view, int version) =>
        Views.TryGetValue(view, out var history) && history.Versions.TryGetValue(version, out var info) ? info : null;

    /// <summary>Every version of every view.</summary>
    public IEnumerable<VersionInfo> AllVersions => Views.Values.SelectMany(h => h.Versions.Values);

    /// <summary>The state with its position moved past records that held no event (skipped records).</summary>
    public LifecycleState AdvancedTo(long nextOffset) => nextOffset > NextOffset ? new LifecycleState(Views, nextOffset) : this;

    /// <summary>The state after <paramref name="e"/> at <paramref name="offset"/>; <paramref name="ignored"/> says why when it changed nothing.</summary>
    public LifecycleState Apply(ControlEvent e, long offset, out string? ignored)
    {
        ArgumentNullException.ThrowIfNull(e);
        ignored = null;
        var history = Views.TryGetValue(e.View, out var existing)
            ? existing
            : new ViewHistory(e.View, ImmutableSortedDictionary<int, VersionInfo>.Empty, null);
        var current = history.Versions.GetValueOrDefault(e.Version);
        var next = e.Type switch
        {
            ControlEvent.Created => Create(history, current, e, out ignored),
            ControlEvent.Readied => Ready(history, current, e, out ignored),
            ControlEvent.Activated => Activate(history, current, e, out ignored),
            ControlEvent.Dropped => Drop(history, current, e, out ignored),
            _ => Ignore(history, $"unknown event type '{e.Type}'", out ignored),
        };
        return new LifecycleState(ReferenceEquals(next, history) ? Views : Views.SetItem(e.View, next), offset + 1);
    }

    private static ViewHistory Create(ViewHistory history, VersionInfo? current, ControlEvent e, out string? ignored)
    {
        if (current is not null || e.Version < 1)
        {
            return Ignore(history, $"version {e.Version} of '{e.View}' already exists or is invalid", out ignored);
        }

        ignored = null;
        var info = new VersionInfo(
            e.View,
            e.Version,
            VersionState.Building,
            e.Definition,
            e.StartOffsets ?? [],
            e.EndOffsets,
            e.Activation ?? "manual",
            null,
            e.At,
            null,
            e.RequestId);
        return history with { Versions = history.Versions.Add(e.Version, info) };
    }

    private static ViewHistory Ready(ViewHistory history, VersionInfo? current, ControlEvent e, out string? ignored)
    {
        if (current?.State is not (VersionState.Building or VersionState.Ready))
        {
            return Ignore(history, $"version {e.Version} of '{e.View}' is not building", out ignored);
        }

        ignored = null;
        return history with { Versions = history.Versions.SetItem(e.Version, current with { State = VersionState.Ready, Gates = e.Gates }) };
    }

    private static ViewHistory Activate(ViewHistory history, VersionInfo? current, ControlEvent e, out string? ignored)
    {
        var allowed = current?.State switch
        {
            VersionState.Ready or VersionState.Retired => true,
            VersionState.Building => history.Active is null,
            _ => false,
        };
        if (current is null || !allowed)
        {
            return Ignore(history, $"version {e.Version} of '{e.View}' cannot be activated from {current?.State.ToString() ?? "nothing"}", out ignored);
        }

        ignored = null;
        var versions = history.Versions;
        if (history.Active is { } previous && previous != e.Version)
        {
            versions = versions.SetItem(previous, versions[previous] with { State = VersionState.Retired, RetiredAt = e.At });
        }

        versions = versions.SetItem(e.Version, current with { State = VersionState.Active });
        return history with { Versions = versions, Active = e.Version };
    }

    private static ViewHistory Drop(ViewHistory history, VersionInfo? current, ControlEvent e, out string? ignored)
    {
        if (current is null || current.State is VersionState.Dropped || history.Active == e.Version)
        {
            return Ignore(history, $"version {e.Version} of '{e.View}' does not exist, is dropped, or is active", out ignored);
        }

        ignored = null;
        return history with { Versions = history.Versions.SetItem(e.Version, current with { State = VersionState.Dropped }) };
    }

    private static ViewHistory Ignore(ViewHistory history, string reason, out string? ignored)
    {
        ignored = reason;
        return history;
    }
}
