namespace Kappa.Log.Abstractions;

/// <summary>Conventions for consumer group ids that every backend and the lag monitor share.</summary>
public static class GroupNames
{
    /// <summary>
    /// Groups whose ids start with this hold bookmarks, not a consumer's progress: a committed offset there marks a
    /// place in a topic that a component must find again after a crash (see the processor's rejection ledger). Nothing
    /// consumes up to them, so lag monitoring ignores them.
    /// </summary>
    public const string BookmarkPrefix = "_kappa.marks.";

    /// <summary>Whether <paramref name="groupId"/> holds bookmarks rather than consumer progress.</summary>
    public static bool IsBookmark(string groupId) => groupId.StartsWith(BookmarkPrefix, StringComparison.Ordinal);
}
