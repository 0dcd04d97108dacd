namespace Kappa.Contracts.Avro;

/// <summary>
/// A named schema (record, enum, fixed). <see cref="FullName"/> is namespace-qualified and unique within the
/// schema it was parsed with; aliases are stored fully qualified.
/// </summary>
public abstract class AvroNamedSchema : AvroSchema
{
    private protected AvroNamedSchema(AvroType type, string fullName, IReadOnlyList<string> aliases)
        : base(type)
    {
        FullName = fullName;
        Aliases = aliases;
        var dot = fullName.LastIndexOf('.');
        Name = dot < 0 ? fullName : fullName[(dot + 1)..];
        Namespace = dot < 0 ? string.Empty : fullName[..dot];
    }

    /// <summary>The namespace-qualified name, e.g. <c>com.example.Order</c>.</summary>
    public string FullName { get; }

    /// <summary>The unqualified name.</summary>
    public string Name { get; }

    /// <summary>The namespace, empty for the null namespace.</summary>
    public string Namespace { get; }

    /// <summary>Alternative full names, used when resolving a writer schema of another name.</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>
    /// True if <paramref name="writer"/> may be read as this schema by name: same full name, same unqualified name
    /// (as the Java implementation allows), or the writer's full name is one of this schema's aliases.
    /// </summary>
    internal bool MatchesName(AvroNamedSchema writer) =>
        FullName == writer.FullName || Name == writer.Name || Aliases.Contains(writer.FullName);
}
