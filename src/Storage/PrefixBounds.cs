namespace Kappa.Storage;

/// <summary>
/// Key-range arithmetic for prefix scans under RocksDB's default bytewise ordering. The keys that start with a
/// prefix <c>p</c> are exactly those in <c>[p, UpperBound(p))</c>, where the upper bound is <c>p</c> with its trailing
/// <c>0xFF</c> bytes dropped and its last remaining byte incremented: <c>"ab\xFF"</c> becomes <c>"ac"</c>.
/// </summary>
/// <remarks>
/// A prefix that is empty or consists only of <c>0xFF</c> bytes has no upper bound: every key greater than it also
/// starts with it, up to the end of the key space. Both methods report that case as "no bound" (null or zero length),
/// which matches how <see cref="ReadOptions"/> treats an empty bound.
/// </remarks>
public static class PrefixBounds
{
    /// <summary>Returns the smallest key greater than every key starting with <paramref name="prefix"/>, or null if none exists.</summary>
    /// <param name="prefix">The key prefix.</param>
    public static byte[]? UpperBound(ReadOnlySpan<byte> prefix)
    {
        var length = UpperBoundLength(prefix);
        if (length == 0)
        {
            return null;
        }

        var bound = prefix[..length].ToArray();
        bound[length - 1]++;
        return bound;
    }

    /// <summary>
    /// Writes the upper bound of <paramref name="prefix"/> into <paramref name="destination"/> without allocating and
    /// returns its length, or 0 when the prefix has no upper bound (a real bound is never empty).
    /// </summary>
    /// <param name="prefix">The key prefix.</param>
    /// <param name="destination">Receives the bound; <c>prefix.Length</c> bytes always suffice.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the bound.</exception>
    public static int WriteUpperBound(ReadOnlySpan<byte> prefix, Span<byte> destination)
    {
        var length = UpperBoundLength(prefix);
        if (length == 0)
        {
            return 0;
        }

        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination needs {length} bytes.", nameof(destination));
        }

        prefix[..length].CopyTo(destination);
        destination[length - 1]++;
        return length;
    }

    /// <summary>The length of the prefix without its trailing 0xFF bytes; 0 when nothing is left.</summary>
    private static int UpperBoundLength(ReadOnlySpan<byte> prefix) => prefix.LastIndexOfAnyExcept((byte)0xFF) + 1;
}
