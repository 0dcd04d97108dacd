namespace Kappa.Contracts.Avro;

/// <summary>A generic enum value: a symbol of <see cref="Schema"/> and its index (always consistent).</summary>
public sealed class AvroEnumSymbol
{
    /// <summary>Creates the value of <paramref name="symbol"/>.</summary>
    /// <exception cref="ArgumentException">The symbol is not one of the schema's.</exception>
    public AvroEnumSymbol(AvroEnumSchema schema, string symbol)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(symbol);
        var index = schema.IndexOf(symbol);
        Schema = schema;
        Index = index >= 0 ? index : throw new ArgumentException($"'{symbol}' is not a symbol of enum '{schema.FullName}'", nameof(symbol));
        Symbol = symbol;
    }

    internal AvroEnumSymbol(AvroEnumSchema schema, int index)
    {
        Schema = schema;
        Index = index;
        Symbol = schema.Symbols[index];
    }

    /// <summary>The enum schema.</summary>
    public AvroEnumSchema Schema { get; }

    /// <summary>The symbol's index in the schema.</summary>
    public int Index { get; }

    /// <summary>The symbol.</summary>
    public string Symbol { get; }

    /// <inheritdoc/>
    public override string ToString() => Symbol;
}
