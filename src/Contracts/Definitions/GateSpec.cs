namespace Kappa.Contracts.Definitions;

/// <summary>
/// The validation gates a replayed version must pass before it may be activated automatically, from the
/// <c>gates:</c> section of a view definition. Every check compares the new version with the active one.
/// </summary>
/// <param name="RowTolerance">Largest relative difference in row count (0.1 = 10%); null skips the check.</param>
/// <param name="Totals">
/// Aggregate column to largest relative difference of its total over all rows. Null means the default: every
/// <c>count</c> and <c>sum</c> column the two versions share, within <see cref="DefaultTotalTolerance"/>.
/// </param>
/// <param name="MaxDeadLetters">Most records the new version may send to the dead letters.</param>
/// <param name="Checks">Expressions in the filter language over the gate variables, each of which must hold.</param>
public sealed record GateSpec(
    double? RowTolerance,
    IReadOnlyDictionary<string, double>? Totals,
    long MaxDeadLetters,
    IReadOnlyList<string> Checks)
{
    /// <summary>The default row-count tolerance: 10%.</summary>
    public const double DefaultRowTolerance = 0.10;

    /// <summary>The default tolerance of shared count and sum totals: 1%.</summary>
    public const double DefaultTotalTolerance = 0.01;

    /// <summary>The gates of a definition without a <c>gates:</c> section.</summary>
    public static GateSpec Default { get; } = new(DefaultRowTolerance, null, 0, []);

    /// <inheritdoc/>
    public bool Equals(GateSpec? other) =>
        other is not null
        && RowTolerance == other.RowTolerance
        && MaxDeadLetters == other.MaxDeadLetters
        && Checks.SequenceEqual(other.Checks)
        && (Totals is null ? other.Totals is null : other.Totals is not null && Totals.OrderBy(t => t.Key, StringComparer.Ordinal).SequenceEqual(other.Totals.OrderBy(t => t.Key, StringComparer.Ordinal)));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(RowTolerance, MaxDeadLetters, Checks.Count, Totals?.Count);
}
