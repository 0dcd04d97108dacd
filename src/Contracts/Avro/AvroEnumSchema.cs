namespace Kappa.Contracts.Avro;

/// <summary>An enum schema: unique symbols; <see cref="Default"/>, if set, is one of them.</summary>
public sealed class AvroEnumSchema : AvroNamedSchema
{
    private readonly Dictionary<string, int> _indexes;

    internal AvroEnumSchema(string fullName, IReadOnlyList<string> aliases, IReadOnlyList<string> symbols, string? defaultSymbol)
        : base(AvroType.Enum, fullName, aliases)
    {
        Symbols = symbols;
        Default = defaultSymbol;
        _indexes = new Dictionary<string, int>(symbols.Count, StringComparer.Ordinal);
        for (var i = 0; i < symbols.Count; i++)
        {
            _indexes[symbols[i]] = i;
        }
    }

    /// <summary>The symbols in index order.</summary>
    public IReadOnlyList<string> Symbols { get; }

    /// <summary>The symbol a reader uses for writer symbols it does not know, or null.</summary>
    public string? Default { get; }

    /// <summary>The index of a symbol, or -1.</summary>
    public int IndexOf(string symbol) => _indexes.TryGetValue(symbol, out var i) ? i : -1;
}
