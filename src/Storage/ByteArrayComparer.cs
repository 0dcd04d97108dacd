namespace Kappa.Storage;

/// <summary>
/// Content equality and ordinal order for byte-array keys. Lookups by span allocate nothing, so a dictionary
/// of keys can be probed per record (a key array is made only when a key is added). Hash codes only place
/// entries in hash tables; they never reach stored or output bytes.
/// </summary>
public sealed class ByteArrayComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>, IComparer<byte[]>
{
    /// <summary>The shared instance; the comparer is stateless.</summary>
    public static ByteArrayComparer Instance { get; } = new();

    /// <inheritdoc />
    public bool Equals(byte[]? x, byte[]? y) => x is null ? y is null : y is not null && x.AsSpan().SequenceEqual(y);

    /// <inheritdoc />
    public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

    /// <inheritdoc />
    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    /// <inheritdoc />
    public int GetHashCode(ReadOnlySpan<byte> alternate)
    {
        var hash = default(HashCode);
        hash.AddBytes(alternate);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

    /// <summary>Ordinal (unsigned byte-wise) order: RocksDB's default key order.</summary>
    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
}
