namespace Kappa.Contracts.Avro;

/// <summary>
/// A generic record value: one slot per field of <see cref="Schema"/>, addressed by position or name. Slots hold
/// generic values: null, bool, int, long, float, double, byte[] (bytes), string, <see cref="AvroRecord"/>,
/// <see cref="AvroEnumSymbol"/>, <see cref="AvroFixed"/>, <see cref="IList{T}"/> of values (array) and
/// <see cref="IDictionary{TKey, TValue}"/> of string to value (map). Logical types hold their underlying value;
/// <see cref="AvroLogical"/> converts.
/// </summary>
public sealed class AvroRecord
{
    private readonly object?[] _values;

    /// <summary>Creates a record with every field null.</summary>
    public AvroRecord(AvroRecordSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
        _values = new object?[schema.Fields.Count];
    }

    /// <summary>The record's schema.</summary>
    public AvroRecordSchema Schema { get; }

    /// <summary>The value of the field at <paramref name="position"/>.</summary>
    public object? this[int position]
    {
        get => _values[position];
        set => _values[position] = value;
    }

    /// <summary>The value of the field named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The schema has no such field.</exception>
    public object? this[string name]
    {
        get => _values[Position(name)];
        set => _values[Position(name)] = value;
    }

    private int Position(string name) =>
        Schema.TryGetPosition(name, out var position)
            ? position
            : throw new KeyNotFoundException($"record '{Schema.FullName}' has no field '{name}'");
}
