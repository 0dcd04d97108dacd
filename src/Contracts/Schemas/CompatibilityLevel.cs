namespace Kappa.Contracts.Schemas;

/// <summary>
/// Which earlier versions of a subject a new schema must stay compatible with, as in Confluent's registry.
/// Backward: the new schema reads data written with the old. Forward: the old schema reads data written with the
/// new. Full: both. Plain levels compare with the latest version, transitive ones with every version.
/// </summary>
public enum CompatibilityLevel
{
    /// <summary>Every schema is accepted.</summary>
    None,

    /// <summary>The new schema reads data written with the latest version (Confluent's default).</summary>
    Backward,

    /// <summary>The new schema reads data written with every earlier version.</summary>
    BackwardTransitive,

    /// <summary>The latest version reads data written with the new schema.</summary>
    Forward,

    /// <summary>Every earlier version reads data written with the new schema.</summary>
    ForwardTransitive,

    /// <summary>Backward and forward with the latest version.</summary>
    Full,

    /// <summary>Backward and forward with every earlier version.</summary>
    FullTransitive,
}

/// <summary>The wire names of <see cref="CompatibilityLevel"/>: <c>NONE</c>, <c>BACKWARD_TRANSITIVE</c>, ...</summary>
public static class CompatibilityLevels
{
    private static readonly Dictionary<string, CompatibilityLevel> ByName = Enum.GetValues<CompatibilityLevel>()
        .ToDictionary(ToWireName, level => level, StringComparer.Ordinal);

    /// <summary>Every wire name, in declaration order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<CompatibilityLevel>().Select(ToWireName)];

    /// <summary>The wire name, such as <c>FULL_TRANSITIVE</c>.</summary>
    public static string ToWireName(this CompatibilityLevel level) => level switch
    {
        CompatibilityLevel.None => "NONE",
        CompatibilityLevel.Backward => "BACKWARD",
        CompatibilityLevel.BackwardTransitive => "BACKWARD_TRANSITIVE",
        CompatibilityLevel.Forward => "FORWARD",
        CompatibilityLevel.ForwardTransitive => "FORWARD_TRANSITIVE",
        CompatibilityLevel.Full => "FULL",
        CompatibilityLevel.FullTransitive => "FULL_TRANSITIVE",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "unknown compatibility level"),
    };

    /// <summary>Parses a wire name; case-insensitive, as Confluent's registry upper-cases what it is sent.</summary>
    public static bool TryParse(string? name, out CompatibilityLevel level)
    {
        level = default;
        return name is not null && ByName.TryGetValue(name.ToUpperInvariant(), out level);
    }

    /// <summary>Whether the new schema must be able to read the old ones' data.</summary>
    public static bool ChecksBackward(this CompatibilityLevel level) =>
        level is CompatibilityLevel.Backward or CompatibilityLevel.BackwardTransitive or CompatibilityLevel.Full or CompatibilityLevel.FullTransitive;

    /// <summary>Whether the old schemas must be able to read the new one's data.</summary>
    public static bool ChecksForward(this CompatibilityLevel level) =>
        level is CompatibilityLevel.Forward or CompatibilityLevel.ForwardTransitive or CompatibilityLevel.Full or CompatibilityLevel.FullTransitive;

    /// <summary>Whether every earlier version is compared, not only the latest.</summary>
    public static bool IsTransitive(this CompatibilityLevel level) =>
        level is CompatibilityLevel.BackwardTransitive or CompatibilityLevel.ForwardTransitive or CompatibilityLevel.FullTransitive;
}
