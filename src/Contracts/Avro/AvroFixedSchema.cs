namespace Kappa.Contracts.Avro;

/// <summary>A fixed schema: every value has exactly <see cref="Size"/> bytes.</summary>
public sealed class AvroFixedSchema : AvroNamedSchema
{
    internal AvroFixedSchema(string fullName, IReadOnlyList<string> aliases, int size)
        : base(AvroType.Fixed, fullName, aliases)
    {
        Size = size;
    }

    /// <summary>The number of bytes of every value.</summary>
    public int Size { get; }
}
