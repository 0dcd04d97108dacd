using Kappa.Contracts.Lifecycle;
using Kappa.Processor.Lifecycle;

namespace Kappa.Replay.Commands;

/// <summary>
/// The operator's lifecycle commands: activate a version, roll back to the previous one, drop one. Each checks the
/// current state, appends one control event and returns once this server has applied it, so the caller's next query
/// already sees the outcome. Every server applies the same event, so they all switch.
/// </summary>
internal sealed class VersionCommands(ViewLifecycle lifecycle, VersionedViews views, ControlWriter writer)
{
    /// <summary>Makes a ready or retired version active; the active one retires.</summary>
    /// <exception cref="LifecycleCommandException">The version is unknown or not ready.</exception>
    public Task<VersionInfo> ActivateAsync(string view, int version, string reason, CancellationToken cancellationToken) =>
        writer.RunExclusiveAsync(
            async () =>
            {
                var history = History(view);
                var info = history.Versions.GetValueOrDefault(version) ?? throw LifecycleCommandException.UnknownVersion(view, version);
                switch (info.State)
                {
                    case VersionState.Active:
                        return info;
                    case VersionState.Building:
                        throw LifecycleCommandException.Conflict($"version {version} of view '{view}' is still building; activate it once it is ready");
                    case VersionState.Dropped:
                        throw LifecycleCommandException.Conflict($"version {version} of view '{view}' was dropped; replay to build a new one");
                }

                if (info.EndOffsets is not null)
                {
                    throw LifecycleCommandException.Conflict(
                        $"version {version} of view '{view}' is a bounded backfill (it stopped at its end offsets), so activating it would freeze the view; query it with ?version={version} or diff it instead");
                }

                var state = await writer.AppendAsync(new ControlEvent(ControlEvent.Activated, view, version, writer.Now, Reason: reason), cancellationToken);
                return state.Find(view, version)!;
            },
            cancellationToken);

    /// <summary>Activates the most recently retired version: the one that was active before the current one.</summary>
    /// <exception cref="LifecycleCommandException">There is no retired version to go back to.</exception>
    public async Task<VersionInfo> RollbackAsync(string view, CancellationToken cancellationToken)
    {
        var history = History(view);
        var previous = history.Versions.Values
            .Where(v => v.State == VersionState.Retired)
            .OrderByDescending(v => v.RetiredAt)
            .ThenByDescending(v => v.Version)
            .FirstOrDefault()
            ?? throw LifecycleCommandException.Conflict($"view '{view}' has no retired version to roll back to");
        return await ActivateAsync(view, previous.Version, "rollback", cancellationToken);
    }

    /// <summary>Drops a version that is not active: its rows, state and changelog are deleted.</summary>
    /// <exception cref="LifecycleCommandException">The version is unknown or active.</exception>
    public Task<VersionInfo> DropAsync(string view, int version, string reason, CancellationToken cancellationToken) =>
        writer.RunExclusiveAsync(
            async () =>
            {
                var history = History(view);
                var info = history.Versions.GetValueOrDefault(version) ?? throw LifecycleCommandException.UnknownVersion(view, version);
                if (info.State == VersionState.Dropped)
                {
                    return info;
                }

                if (history.Active == version)
                {
                    throw LifecycleCommandException.Conflict($"version {version} is the active version of view '{view}'; activate another first");
                }

                var state = await writer.AppendAsync(new ControlEvent(ControlEvent.Dropped, view, version, writer.Now, Reason: reason), cancellationToken);
                return state.Find(view, version)!;
            },
            cancellationToken);

    private ViewHistory History(string view)
    {
        if (!views.Registry.TryGet(view, out _))
        {
            throw LifecycleCommandException.UnknownView(view);
        }

        return lifecycle.Current.Views.GetValueOrDefault(view) ?? throw LifecycleCommandException.UnknownView(view);
    }
}
