namespace Kappa.Storage;

/// <summary>
/// Content equality for byte-array keys that also answers lookups by span, so a dictionary of keys can be
/// probed per record without allocating (a key array is made only when a key is added).
/// </summary>
public sealed class ByteArrayComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
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
}
