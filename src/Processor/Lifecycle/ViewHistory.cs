using System.Collections.Immutable;

namespace Kappa.Processor.Lifecycle;

/// <summary>Every version of one view, and which is active.</summary>
/// <param name="View">The view.</param>
/// <param name="Versions">The versions by number, dropped ones included.</param>
/// <param name="Active">The active version, or null before the first activation.</param>
public sealed record ViewHistory(string View, ImmutableSortedDictionary<int, VersionInfo> Versions, int? Active)
{
    /// <summary>The highest version number used so far (dropped versions count: numbers are never reused).</summary>
    public int LatestVersion => Versions.IsEmpty ? 0 : Versions.Keys.Max();
}
