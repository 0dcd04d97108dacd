namespace Kappa.Contracts.Avro;

/// <summary>
/// A record schema. Fields are set once by the parser after the record is registered by name, which lets fields
/// refer to the record itself; field names are unique.
/// </summary>
public sealed class AvroRecordSchema : AvroNamedSchema
{
    private IReadOnlyList<AvroField> _fields = [];
    private Dictionary<string, int> _positions = [];

    internal AvroRecordSchema(string fullName, IReadOnlyList<string> aliases)
        : base(AvroType.Record, fullName, aliases)
    {
    }

    /// <summary>The fields in declaration (and encoding) order.</summary>
    public IReadOnlyList<AvroField> Fields => _fields;

    /// <summary>Finds a field's position by name.</summary>
    public bool TryGetPosition(string name, out int position) => _positions.TryGetValue(name, out position);

    /// <summary>Finds a field by name, or null.</summary>
    public AvroField? GetField(string name) => _positions.TryGetValue(name, out var p) ? _fields[p] : null;

    internal void SetFields(IReadOnlyList<AvroField> fields)
    {
        _fields = fields;
        _positions = fields.ToDictionary(f => f.Name, f => f.Position, StringComparer.Ordinal);
    }
}
