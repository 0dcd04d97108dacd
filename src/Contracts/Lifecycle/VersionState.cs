namespace Kappa.Contracts.Lifecycle;

/// <summary>
/// Where a view version is in its life: <c>building → ready → active → retired → dropped</c>. A view has at most
/// one active version; activating another retires the one before, and a rollback activates a retired one again.
/// </summary>
public enum VersionState
{
    /// <summary>Processing the log from its start offsets; not yet caught up with the log's head.</summary>
    Building,

    /// <summary>Caught up and kept live; the validation gates ran and their report is attached.</summary>
    Ready,

    /// <summary>The version queries read by default.</summary>
    Active,

    /// <summary>Formerly active; processing stopped, content kept for an instant rollback.</summary>
    Retired,

    /// <summary>Deleted: content, state and changelog are gone.</summary>
    Dropped,
}
