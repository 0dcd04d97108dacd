using System.Text.Json;

namespace Kappa.Contracts.Avro;

/// <summary>A field of a record schema. <see cref="Position"/> is its index in the record's field list.</summary>
public sealed class AvroField
{
    internal AvroField(string name, int position, AvroSchema schema, JsonElement? defaultValue, IReadOnlyList<string> aliases)
    {
        Name = name;
        Position = position;
        Schema = schema;
        DefaultValue = defaultValue;
        Aliases = aliases;
    }

    /// <summary>The field name.</summary>
    public string Name { get; }

    /// <summary>The index of the field in its record.</summary>
    public int Position { get; }

    /// <summary>The field's schema.</summary>
    public AvroSchema Schema { get; }

    /// <summary>The JSON default value, if the schema gave one; used when a writer schema lacks the field.</summary>
    public JsonElement? DefaultValue { get; }

    /// <summary>Alternative names, used when resolving a writer field of another name.</summary>
    public IReadOnlyList<string> Aliases { get; }
}
