namespace Kappa.Contracts.Avro;

/// <summary>Avro name rules: a name is [A-Za-z_][A-Za-z0-9_]*; a full name is dot-separated names.</summary>
internal static class AvroNames
{
    internal static bool IsValidName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsValidFullName(string fullName) => fullName.Split('.').All(IsValidName);

    /// <summary>A name containing a dot is already full; otherwise it joins the namespace, if any.</summary>
    internal static string Qualify(string name, string space) =>
        name.Contains('.', StringComparison.Ordinal) || space.Length == 0 ? name : space + "." + name;
}
