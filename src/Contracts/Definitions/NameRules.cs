namespace Kappa.Contracts.Definitions;

/// <summary>
/// The naming rules of view definitions. View and output names become parts of topic names, folder names
/// and JSON properties, so they are restricted to letters, digits and '_'. Topic names follow Kafka.
/// </summary>
internal static class NameRules
{
    /// <summary>Leaves room for the changelog topic <c>_kappa.view.&lt;name&gt;.v&lt;version&gt;</c> within Kafka's 249.</summary>
    public const int MaxViewNameLength = 200;

    /// <summary>Kafka's limit on topic names.</summary>
    public const int MaxTopicNameLength = 249;

    /// <summary>ASCII letters, digits and '_', 1 to <see cref="MaxViewNameLength"/> characters.</summary>
    public static bool IsViewName(string name) =>
        name.Length is > 0 and <= MaxViewNameLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>ASCII letters, digits and '_', not starting with a digit.</summary>
    public static bool IsOutputName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>Kafka's rule: ASCII letters, digits, '.', '_', '-'; 1 to 249 characters; not "." or "..".</summary>
    public static bool IsTopicName(string name) =>
        name.Length is > 0 and <= MaxTopicNameLength
        && name is not ("." or "..")
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>
    /// A dotted path of nested fields, e.g. <c>customer.tier</c>: segments of letters (any script), digits,
    /// '_' and '-', separated by single dots.
    /// </summary>
    public static bool IsFieldPath(string path) =>
        path.Length > 0 && path.Split('.').All(segment => segment.Length > 0 && segment.All(IsFieldCharacter));

    private static bool IsFieldCharacter(char c) => char.IsLetterOrDigit(c) || c is '_' or '-';
}
