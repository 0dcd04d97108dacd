namespace Kappa.Log.Abstractions;

/// <summary>
/// Kafka's topic naming rule, shared by every backend so a name valid on one machine is valid on a cluster:
/// 1 to 249 characters from <c>[a-zA-Z0-9._-]</c>, and neither <c>.</c> nor <c>..</c>.
/// </summary>
public static class TopicNames
{
    /// <summary>The longest legal topic name, as in Kafka.</summary>
    public const int MaxLength = 249;

    /// <summary>Whether <paramref name="name"/> is a legal topic name.</summary>
    public static bool IsValid(string? name) => Problem(name) is null;

    /// <summary>Throws <see cref="InvalidTopicException"/> unless <paramref name="name"/> is a legal topic name.</summary>
    public static void Validate(string? name)
    {
        var problem = Problem(name);
        if (problem is not null)
        {
            throw new InvalidTopicException($"invalid topic name '{name}': {problem}");
        }
    }

    private static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a topic name must not be empty";
        }

        if (name.Length > MaxLength)
        {
            return $"a topic name has at most {MaxLength} characters, this one has {name.Length}";
        }

        if (name is "." or "..")
        {
            return "'.' and '..' are reserved";
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return $"'{c}' is not allowed; use letters, digits, '.', '_' and '-'";
            }
        }

        return null;
    }
}
